"""A custom-resource runtime that knows nothing of SageMaker (like aws-cdk-lib's provider framework runtime).

It owns what every custom resource of the function shares: the event and the answer (``events``), the
answer's one path to CloudFormation (``response``), the event's time budget (``budget``), the hand-over to
a next invocation (``continuation``), one policy for unexpected errors, and polling (``poll``). A resource
is a ``ResourceHandler`` plugged into ``Invocation.run``: the tuning job, and the completion wait's
results. Nothing here imports a module outside this folder but the contract.
"""
