"""Module paths of earlier releases keep working, each with a DeprecationWarning that says where it went."""

from __future__ import annotations

import importlib
import sys

import pytest

from cdk_sagemaker_tuning import _moved_modules


@pytest.mark.parametrize(("old", "new"), sorted(_moved_modules.MOVED.items()))
def test_an_old_module_path_warns_and_gives_the_moved_module(old: str, new: str) -> None:
    # GIVEN a module path of an earlier release, not imported yet in this process
    sys.modules.pop(f"cdk_sagemaker_tuning.{old}", None)
    # WHEN it is imported
    with pytest.warns(DeprecationWarning, match=f"has moved to cdk_sagemaker_tuning.{new}"):
        moved = importlib.import_module(f"cdk_sagemaker_tuning.{old}")
    # THEN it is the very module at the new path
    assert moved is importlib.import_module(f"cdk_sagemaker_tuning.{new}")


def test_a_name_from_an_old_module_path_is_the_public_object() -> None:
    # GIVEN code written for the flat layout
    sys.modules.pop("cdk_sagemaker_tuning.tuning_job", None)
    with pytest.warns(DeprecationWarning):
        from cdk_sagemaker_tuning.tuning_job import HyperParameterTuningJob  # type: ignore[import-not-found]
    # THEN it imports the same class as the package's public name
    import cdk_sagemaker_tuning

    assert HyperParameterTuningJob is cdk_sagemaker_tuning.HyperParameterTuningJob


def test_an_unknown_module_is_still_missing() -> None:
    # GIVEN a path that never existed, THEN importing it fails as usual
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("cdk_sagemaker_tuning.no_such_module")


def test_the_provider_module_path_now_a_folder_still_gives_its_class() -> None:
    # GIVEN code written for the flat layout's provider module
    import cdk_sagemaker_tuning
    import cdk_sagemaker_tuning.provider as old_path

    # WHEN it reads the class from there, THEN it is warned and gets the public class
    with pytest.warns(DeprecationWarning, match="TuningJobProvider has moved"):
        assert old_path.TuningJobProvider is cdk_sagemaker_tuning.TuningJobProvider
