"""Facts about SageMaker kept as data: generated registries and the built-in algorithms' facts."""
