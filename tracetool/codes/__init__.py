"""The codebook as loaded data, KLE parsing and the task catalogue."""
