/// ELF objects, BTF and corpora (being written; see issue 3).
