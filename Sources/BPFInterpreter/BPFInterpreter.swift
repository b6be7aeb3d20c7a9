/// Executes decoded BPF instructions (being written; see issue 2).
