/// Loading programs into the running kernel (being written; see issue 4).
