"""The typed definition: value objects that render one CreateHyperParameterTuningJob request."""
