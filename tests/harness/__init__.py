"""A local CloudFormation, Lambda and SageMaker for the lifecycle scenarios (tests/lifecycle)."""
