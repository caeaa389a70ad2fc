"""Custom-resource handler for Custom::SageMakerHyperParameterTuningJob (Provider framework).

Work in progress: the full handler lands with the walking-skeleton issue.
"""


def on_event(event, context):
    raise NotImplementedError("handler under construction")


def is_complete(event, context):
    raise NotImplementedError("handler under construction")
