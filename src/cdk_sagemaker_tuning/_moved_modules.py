"""The module paths of releases before the layer folders, kept working with a ``DeprecationWarning``.

Until 0.x the package's modules lay flat (``cdk_sagemaker_tuning.training``); they now live in layer
folders (``cdk_sagemaker_tuning.typed.training``). The public names never moved (import them from the
package itself), but code that imported a module by its old path keeps working: this finder answers the
old path with the module at its new one, the same module object, and says where it went. The one old
module whose path is now a folder, ``provider``, answers its public name itself (``provider/__init__.py``).
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType

_PACKAGE = __name__.rsplit(".", 1)[0]

#: Old module (relative to the package) -> new module.
MOVED: dict[str, str] = {
    "tokens": "_core.tokens",
    "request_paths": "_core.request_paths",
    "_image_registries": "_data.image_registries",
    "builtin_images": "_data.builtin_images",
    "validation.builtin_algorithms": "_data.builtin_algorithms",
    "nag": "grants.nag",
    "nag_acknowledgements": "grants.nag_acknowledgements",
    "execution_role": "grants.execution_role",
    "s3_grants": "grants.s3_grants",
    "image_grants": "grants.image_grants",
    "permission_gaps": "grants.permission_gaps",
    "prop_types": "typed.prop_types",
    "reference_props": "typed.reference_props",
    "request_builder": "typed.request_builder",
    "algorithms": "typed.algorithms",
    "channel_options": "typed.channel_options",
    "channels": "typed.channels",
    "completion": "typed.completion",
    "instances": "typed.instances",
    "network": "typed.network",
    "objective": "typed.objective",
    "outputs": "typed.outputs",
    "parameters": "typed.parameters",
    "stopping": "typed.stopping",
    "strategy": "typed.strategy",
    "training": "typed.training",
    "warm_start": "typed.warm_start",
    "interfaces": "typed.interfaces",
    "job_request": "typed.job_settings",
    "training_principal": "typed.training_principal",
    "provider_permissions": "provider.permissions",
    "provider_rules": "provider.rules",
    "_handler_asset": "provider.handler_asset",
    "tuning_job_base": "resource.tuning_job_base",
    "tuning_job": "resource.tuning_job",
    "raw_request_job": "resource.raw_request_job",
    "imported_job": "resource.imported_job",
    "job_results": "resource.job_results",
    "job_rendering": "resource.job_rendering",
    "request_template": "resource.request_template",
    "naming": "resource.naming",
    "unique_names": "resource.unique_names",
    "removal": "resource.removal",
    "cross_stack": "resource.cross_stack",
    "events": "resource.events",
    "job_lifecycle": "resource.lifecycle",
    "completion_wait": "resource.completion_wait",
    "stepfunctions_task_base": "stepfunctions.task_base",
    "stepfunctions_task": "stepfunctions.task",
    "raw_request_task": "stepfunctions.raw_request_task",
    "stepfunctions_iam": "stepfunctions.iam",
    "runtime_values": "stepfunctions.runtime_values",
}


class _MovedModuleLoader(importlib.abc.Loader):
    def __init__(self, new_name: str) -> None:
        self._new_name = new_name

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        warnings.warn(
            f"{spec.name} has moved to {self._new_name}; import public names from {_PACKAGE} itself. "
            "The old module path will be removed in the next major version.",
            DeprecationWarning,
            stacklevel=2,
        )
        return importlib.import_module(self._new_name)

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the module at the new path has run already."""


class _MovedModuleFinder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        old = fullname[len(_PACKAGE) + 1 :] if fullname.startswith(_PACKAGE + ".") else None
        if old not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, _MovedModuleLoader(f"{_PACKAGE}.{MOVED[old]}"))


def install() -> None:
    """Answer the old module paths (once per process)."""
    if not any(isinstance(finder, _MovedModuleFinder) for finder in sys.meta_path):
        sys.meta_path.append(_MovedModuleFinder())
