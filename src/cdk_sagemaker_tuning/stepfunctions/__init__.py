"""The tuning job as a Step Functions task state, its run-time values and its IAM statements."""
