/// The simulated kernel (being written: issue 9).
