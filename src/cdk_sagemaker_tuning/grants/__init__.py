"""What the training jobs may do (the execution role and its grants) and cdk-nag's view of it."""
