/// The kernel as bpfsim models it (being written).
