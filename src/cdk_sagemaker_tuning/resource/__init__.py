"""The tuning job as a stack resource: the constructs, their lifecycle, completion wait and outputs."""
