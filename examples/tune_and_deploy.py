#!/usr/bin/env python3
"""Example: tune XGBoost for up to 8 hours inside ``cdk deploy``, then serve the best model from an endpoint.

``wait=TuningJobWait.for_completion(timeout=Duration.hours(8))`` makes the deployment wait until the tuning
job has ended (an ``AWS::CloudFormation::WaitCondition`` signalled from the job's EventBridge events); the
job's results are then attributes of the same stack: ``best_model_artifacts`` becomes a ``CfnModel``, served
by an endpoint configuration and an endpoint. A failed tuning job also sends an e-mail through SNS
(``job.on_failed``). The limits keep the job within the timeout: 20 training jobs, 4 at a time, of at most
an hour each (5 hours), and at most 7 hours for the tuning job.

Synthesize with ``npx cdk synth --app "python examples/tune_and_deploy.py"``; upload ``train/`` and
``validation/`` CSV files under the data bucket's ``data/`` prefix before deploying.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sagemaker as sagemaker
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

from cdk_sagemaker_tuning import BuiltInAlgorithm, HyperParameterTuningJob, TuningJobWait, builtin_image_uri
from cdk_sagemaker_tuning.grants.nag import acknowledge as acknowledge_findings
from cdk_sagemaker_tuning.grants.nag import acknowledge_iam5_resources

ALERT_EMAIL = "ml-team@example.com"


def acknowledge(scope: Construct, reason: str, *rule_ids: str) -> None:
    """Acknowledge cdk-nag (AwsSolutions) findings on ``scope`` and its children, with the reason."""
    # Through the library's helper, which leaves out on aws-cdk-lib < 2.269 the ids CDK cannot express there.
    acknowledge_findings(scope, ((f"AwsSolutions::{rule_id}", reason) for rule_id in rule_ids))


class TuneAndDeployStack(cdk.Stack):
    """Data, a tuning job awaited up to 8 hours, its best model behind an endpoint, and a failure alert."""

    def __init__(self, scope: Construct, id: str, **kwargs: object) -> None:
        super().__init__(scope, id, **kwargs)
        key = kms.Key(self, "Key", enable_key_rotation=True, description="Endpoint volumes and alerts")
        bucket, training_role = self._data_and_training_role()
        image = builtin_image_uri(self, BuiltInAlgorithm.XGBOOST, "1.7-1")

        self.job = HyperParameterTuningJob.from_request(
            self,
            "Tuning",
            wait=TuningJobWait.for_completion(timeout=cdk.Duration.hours(8)),
            request={
                "HyperParameterTuningJobConfig": {
                    "Strategy": "Bayesian",
                    "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
                    "ResourceLimits": {
                        "MaxNumberOfTrainingJobs": 20,
                        "MaxParallelTrainingJobs": 4,
                        "MaxRuntimeInSeconds": 7 * 3600,
                    },
                    "ParameterRanges": {
                        "ContinuousParameterRanges": [{"Name": "eta", "MinValue": "0.05", "MaxValue": "0.5"}],
                        "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "2", "MaxValue": "10"}],
                    },
                },
                "TrainingJobDefinition": {
                    "AlgorithmSpecification": {"TrainingImage": image, "TrainingInputMode": "File"},
                    "RoleArn": training_role.role_arn,
                    "StaticHyperParameters": {
                        "objective": "binary:logistic",
                        "eval_metric": "auc",
                        "num_round": "200",
                    },
                    "InputDataConfig": [
                        {
                            "ChannelName": channel,
                            "ContentType": "text/csv",
                            "DataSource": {
                                "S3DataSource": {
                                    "S3DataType": "S3Prefix",
                                    "S3Uri": bucket.s3_url_for_object(f"data/{channel}"),
                                }
                            },
                        }
                        for channel in ("train", "validation")
                    ],
                    "OutputDataConfig": {"S3OutputPath": bucket.s3_url_for_object("output")},
                    "ResourceConfig": {
                        "InstanceType": "ml.m5.xlarge",
                        "InstanceCount": 1,
                        "VolumeSizeInGB": 10,
                    },
                    "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
                },
            },
        )
        self._alert_on_failure(key)
        self._serve_best_model(bucket, image, key)

    def _data_and_training_role(self) -> tuple[s3.Bucket, iam.Role]:
        access_logs = s3.Bucket(
            self,
            "AccessLogs",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            lifecycle_rules=[s3.LifecycleRule(expiration=cdk.Duration.days(90))],
        )
        bucket = s3.Bucket(
            self,
            "Data",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            versioned=True,
            server_access_logs_bucket=access_logs,
            server_access_logs_prefix="data-bucket/",
        )
        role = iam.Role(self, "TrainingRole", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))
        bucket.grant_read(role, "data/*")
        bucket.grant_put(role, "output/*")
        training_logs = self.format_arn(
            service="logs",
            resource="log-group",
            resource_name="/aws/sagemaker/TrainingJobs:*",
            arn_format=cdk.ArnFormat.COLON_RESOURCE_NAME,
        )
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[training_logs],
            )
        )
        bucket_arn = f"<{self.get_logical_id(bucket.node.default_child)}.Arn>"  # type: ignore[arg-type]
        acknowledge(
            role,
            "Bucket.grant_read / grant_put write these wildcard actions; the objects are limited to the "
            "data/ (read) and output/ (write) prefixes, whose keys the training jobs choose.",
            "AwsSolutions-IAM5[Action::s3:GetObject*]",
            "AwsSolutions-IAM5[Action::s3:GetBucket*]",
            "AwsSolutions-IAM5[Action::s3:List*]",
            "AwsSolutions-IAM5[Action::s3:Abort*]",
            f"AwsSolutions-IAM5[Resource::{bucket_arn}/data/*]",
            f"AwsSolutions-IAM5[Resource::{bucket_arn}/output/*]",
        )
        acknowledge_iam5_resources(
            role,
            "SageMaker training jobs write to log streams named after the job in this one log group.",
            training_logs,
        )
        self._bucket_arn = bucket_arn
        return bucket, role

    def _alert_on_failure(self, key: kms.IKey) -> None:
        """An e-mail when the tuning job fails (its EventBridge state change), through an encrypted topic."""
        alerts = sns.Topic(self, "TuningAlerts", master_key=key, enforce_ssl=True)
        alerts.add_subscription(subscriptions.EmailSubscription(ALERT_EMAIL))
        # EventBridge publishes to the encrypted topic with the key.
        key.grant(iam.ServicePrincipal("events.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*")
        self.job.on_failed("TuningFailed", target=targets.SnsTopic(alerts), description="Tuning job failed")

    def _serve_best_model(self, bucket: s3.IBucket, image: str, key: kms.IKey) -> None:
        """The best training job's model, an endpoint configuration and an endpoint."""
        model_role = iam.Role(self, "ModelRole", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))
        bucket.grant_read(model_role, "output/*")
        acknowledge(
            model_role,
            "Bucket.grant_read writes these wildcard actions; the model may read the tuning output only.",
            "AwsSolutions-IAM5[Action::s3:GetObject*]",
            "AwsSolutions-IAM5[Action::s3:GetBucket*]",
            "AwsSolutions-IAM5[Action::s3:List*]",
            f"AwsSolutions-IAM5[Resource::{self._bucket_arn}/output/*]",
        )
        model = sagemaker.CfnModel(
            self,
            "BestModel",
            execution_role_arn=model_role.role_arn,
            enable_network_isolation=True,
            primary_container=sagemaker.CfnModel.ContainerDefinitionProperty(
                image=image, model_data_url=self.job.best_model_artifacts
            ),
        )
        model.node.add_dependency(model_role)
        acknowledge(
            model,
            "The example serves a public XGBoost image with network isolation and no VPC to keep it short; "
            "give the model a VpcConfig in production.",
            "AwsSolutions-SM1",
        )
        config = sagemaker.CfnEndpointConfig(
            self,
            "BestModelConfig",
            kms_key_id=key.key_arn,
            production_variants=[
                sagemaker.CfnEndpointConfig.ProductionVariantProperty(
                    variant_name="best",
                    model_name=model.attr_model_name,
                    initial_instance_count=1,
                    instance_type="ml.m5.large",
                    initial_variant_weight=1,
                )
            ],
        )
        endpoint = sagemaker.CfnEndpoint(
            self, "BestModelEndpoint", endpoint_config_name=config.attr_endpoint_config_name
        )
        cdk.CfnOutput(self, "BestTrainingJob", value=self.job.best_training_job_name)
        cdk.CfnOutput(self, "BestObjectiveValue", value=self.job.best_objective_value)
        cdk.CfnOutput(self, "BestEta", value=self.job.best_hyperparameter("eta"))
        cdk.CfnOutput(self, "CompletedTrainingJobs", value=self.job.completed_training_jobs)
        cdk.CfnOutput(self, "EndpointName", value=endpoint.attr_endpoint_name)


if __name__ == "__main__":
    app = cdk.App()
    TuneAndDeployStack(app, "TuneAndDeployExample")
    app.synth()
