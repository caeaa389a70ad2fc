"""A local CloudFormation, Lambda and SageMaker for the lifecycle scenarios (tests/lifecycle), on 127.0.0.1.

- ``cloudformation``: sends a custom resource's events as CloudFormation does and returns the answer.
- ``response_server``: the presigned ResponseURL; checks each answer as CloudFormation would.
- ``lambda_service``: asynchronous invocation (the handler's self-invocation included), Lambda's retries,
  duplicated deliveries and crashes after any SageMaker call.
- ``sagemaker_proxy``: moto's SageMaker behind a proxy that plays job life (InProgress, Stopping, ...),
  Stop, the best training job, and faults; it knows which jobs are left running.
- ``wait_condition``: WaitCondition handles (presigned-looking URLs) that record signals and read them as
  the WaitCondition would.
- ``function_logs``: the function's log in Lambda's JSON format, searched for secrets.
- ``sample``: the request every scenario deploys, with secrets in it.
"""
