"""Generate ``src/cdk_sagemaker_tuning/_data/builtin_specs.py``: the built-in algorithms' hyperparameters and metrics.

What AWS publishes, read from three git repositories at given commits (each cited in the module):

- the SageMaker Python SDK (github.com/aws/sagemaker-python-sdk, Apache-2.0), a v2 tag: its first-party
  estimators ``src/sagemaker/amazon/<module>.py`` declare each hyperparameter with a type and validators
  (``hp("k", gt(1), "...", int)``), read here with ``ast``, never imported;
- SageMaker's XGBoost container (github.com/aws/sagemaker-xgboost-container, Apache-2.0): the declarations
  it validates every training job's hyperparameters with (``algorithm_mode/hyperparameter_validation.py``;
  unknown names are refused, "Extraneous hyperparameter found") and its metrics' directions
  (``constants/xgb_constants.py``);
- the archived SageMaker developer guide (github.com/awsdocs/amazon-sagemaker-developer-guide, CC-BY-SA
  4.0), ``doc_source/``: each algorithm's hyperparameter table (names, and which are **Required**) and its
  tuning page's table of metrics with their optimization direction. Only names, flags and directions are
  copied, never text.

::

    python scripts/generate_builtin_specs.py --sdk SDK.git --sdk-commit v2.257.6 \\
        --xgboost XGBOOST.git --docs DOCS.git --docs-commit a869fa5

It writes ``src/cdk_sagemaker_tuning/_data/builtin_specs/`` (``__init__.py`` and one module per
algorithm; ``types.py`` is written by hand), formatted with ``ruff format``. The modules are data only.
``tests/training/test_builtin_specs.py`` renders them again from their own data and compares, and checks
every entry names its source.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

OUTPUT = Path(__file__).resolve().parents[1] / "src/cdk_sagemaker_tuning/_data/builtin_specs"
GUIDE = "https://docs.aws.amazon.com/sagemaker/latest/dg/"

# Repository of the image -> (SDK module or None, hyperparameter page, tuning page or None).
ALGORITHMS: dict[str, tuple[str | None, str, str | None]] = {
    "blazingtext": (None, "blazingtext_hyperparameters", "blazingtext-tuning"),
    "factorization-machines": ("factorization_machines", "fact-machines-hyperparameters", "fm-tuning"),
    "forecasting-deepar": (None, "deepar_hyperparameters", "deepar-tuning"),
    "image-classification": (None, "IC-Hyperparameter", "IC-tuning"),
    "ipinsights": ("ipinsights", "ip-insights-hyperparameters", "ip-insights-tuning"),
    "kmeans": ("kmeans", "k-means-api-config", "k-means-tuning"),
    "knn": ("knn", "kNN_hyperparameters", "kNN-tuning"),
    "lda": ("lda", "lda_hyperparameters", "lda-tuning"),
    "linear-learner": ("linear_learner", "ll_hyperparameters", "linear-learner-tuning"),
    "ntm": ("ntm", "ntm_hyperparameters", "ntm-tuning"),
    "object-detection": (None, "object-detection-api-config", "object-detection-tuning"),
    "object2vec": ("object2vec", "object2vec-hyperparameters", "object2vec-tuning"),
    "pca": ("pca", "PCA-reference", None),
    "randomcutforest": ("randomcutforest", "rcf_hyperparameters", "random-cut-forest-tuning"),
    "semantic-segmentation": (None, "segmentation-hyperparameters", "semantic-segmentation-tuning"),
    "seq2seq": (None, "seq-2-seq-hyperparameters", "seq-2-seq-tuning"),
    "sagemaker-xgboost": (None, "xgboost_hyperparameters", "xgboost-tuning"),
}

SDK_DIR = "src/sagemaker/amazon"
XGBOOST_FILES = (
    "src/sagemaker_xgboost_container/algorithm_mode/hyperparameter_validation.py",
    "src/sagemaker_xgboost_container/constants/xgb_constants.py",
)
# The readers live beside this script (run as a file, or loaded by the tests from its path).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from builtin_specs_readers import (  # noqa: E402
    Spec,
    page_hyperparameters,
    page_metrics,
    sdk_hyperparameters,
    xgboost_directions,
    xgboost_hyperparameters,
)

__all__ = [
    "Spec",
    "page_hyperparameters",
    "page_metrics",
    "sdk_hyperparameters",
    "xgboost_directions",
    "xgboost_hyperparameters",
]


# -- assembling and rendering ------------------------------------------------------------------------


class Algorithm(NamedTuple):
    hyperparameters: dict[str, Spec]
    aliases: dict[str, str]
    metrics: dict[str, tuple[str, str]]  # name -> (direction, source)
    closed: bool
    pages: tuple[str, str]  # the hyperparameter page and the tuning page ("" when none)


def assemble(
    name: str,
    declared: dict[str, Spec] | None,
    aliases: Mapping[str, str],
    page: Mapping[str, bool],
    page_label: str,
    metrics: Mapping[str, str],
    metrics_label: str,
    extra_metrics: Mapping[str, str] = {},
    extra_label: str = "",
) -> Algorithm:
    """One algorithm: the declarations (SDK or container) with the page's required flags, else the page's
    names alone; the tuning page's metrics, then those the container adds."""
    hyperparameters: dict[str, Spec] = {}
    for hp_name, spec in (declared or {}).items():
        required = spec.required or page.get(hp_name, False)
        label = spec.source + (f" {page_label}" if page.get(hp_name) and not spec.required else "")
        hyperparameters[hp_name] = spec._replace(required=required, source=label)
    for hp_name, required in page.items():
        if hp_name not in hyperparameters:
            hyperparameters[hp_name] = Spec("text", required=required, source=page_label)
    found = {m: (d, metrics_label) for m, d in metrics.items()}
    found.update({m: (d, extra_label) for m, d in extra_metrics.items() if m not in found})
    # Refused by the algorithm when unknown: the container says so; the SDK's estimators declare every one
    # the algorithm takes. A page alone may be incomplete.
    closed = declared is not None
    pages = (page_label.split(":", 1)[1], metrics_label.split(":", 1)[1] if metrics else "")
    return Algorithm(dict(sorted(hyperparameters.items())), dict(aliases), found, closed, pages)


def _float(value: float | None) -> str:
    if value is None:
        return "None"
    return repr(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


def _spec_line(hp_name: str, spec: Spec) -> str:
    arguments = [repr(spec.kind)]
    if spec.required:
        arguments.append("required=True")
    for field in ("minimum", "maximum"):
        value = getattr(spec, field)
        if value is not None:
            arguments.append(f"{field}={_float(value)}")
            if getattr(spec, f"{field}_open"):
                arguments.append(f"{field}_open=True")
    if spec.values:
        arguments.append(
            "values=("
            + ", ".join(f'"{v}"' for v in spec.values)
            + ("," if len(spec.values) == 1 else "")
            + ")"
        )
    arguments.append(f"source={spec.source!r}")
    return f'"{hp_name}": H({", ".join(arguments)}),'.replace("'", '"')


PACKAGE_HEADER = '''"""SageMaker's built-in algorithms: hyperparameters, metrics and directions (generated data, not code).

Generated by ``scripts/generate_builtin_specs.py`` from what AWS publishes; do not edit by hand: run the
script on newer commits. One module per algorithm; each entry's ``source`` names its files, by the keys
of ``SOURCES``. The shapes are ``types.py``.
"""

from __future__ import annotations

from types import MappingProxyType

from . import {modules}
from .types import AlgorithmSpec

SOURCES: MappingProxyType[str, str] = MappingProxyType(
    {{
{sources}
    }}
)

#: Keyed by the repository of the algorithm's training image.
SPECS: MappingProxyType[str, AlgorithmSpec] = MappingProxyType(
    {{
{specs}
    }}
)
'''

MODULE_HEADER = '''"""{name}: generated by ``scripts/generate_builtin_specs.py``; see ``__init__.py`` for the sources."""

from __future__ import annotations

from types import MappingProxyType

from .types import AlgorithmSpec
from .types import Hyperparameter as H
{metric_import}
'''


def module_of(repository: str) -> str:
    """The module of an algorithm's specification: ``forecasting-deepar`` -> ``forecasting_deepar``."""
    return repository.replace("-", "_")


def _algorithm_module(name: str, algorithm: Algorithm) -> str:
    metric_import = "from .types import Metric as M\n" if algorithm.metrics else ""
    header = MODULE_HEADER.format(name=name, metric_import=metric_import)
    lines = [header.rstrip("\n"), "", "SPEC = AlgorithmSpec("]
    lines.append("    hyperparameters=MappingProxyType(")
    lines.append("        {")
    lines += ["            " + _spec_line(n, s) for n, s in algorithm.hyperparameters.items()]
    lines.append("        }")
    lines.append("    ),")
    lines.append("    metrics=MappingProxyType(")
    lines.append("        {")
    lines += [
        f'            "{metric}": M("{direction}", "{source}"),'
        for metric, (direction, source) in algorithm.metrics.items()
    ]
    lines.append("        }")
    lines.append("    ),")
    aliases = ", ".join(f'"{a}": "{o}"' for a, o in algorithm.aliases.items())
    lines.append(f"    aliases=MappingProxyType({{{aliases}}}),")
    lines.append(f"    closed={algorithm.closed},")
    lines.append(f'    hyperparameters_page="{algorithm.pages[0]}",')
    lines.append(f'    tuning_page="{algorithm.pages[1]}",')
    lines.append(")")
    return "\n".join(lines) + "\n"


def render(sources: Mapping[str, str], algorithms: Mapping[str, Algorithm]) -> dict[str, str]:
    """File name -> text of the package ``builtin_specs`` (``types.py`` aside), before ``ruff format``."""
    modules = sorted(module_of(name) for name in algorithms)
    files = {f"{module_of(name)}.py": _algorithm_module(name, a) for name, a in algorithms.items()}
    files["__init__.py"] = PACKAGE_HEADER.format(
        modules=", ".join(modules),
        sources="\n".join(f'        "{key}": "{value}",' for key, value in sources.items()),
        specs="\n".join(f'        "{name}": {module_of(name)}.SPEC,' for name in algorithms),
    )
    return files


def formatted(files: Mapping[str, str]) -> dict[str, str]:
    """The files as ``ruff format`` writes them (the project's formatter, a development dependency)."""
    return {
        name: subprocess.run(
            [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(OUTPUT / name), "-"],
            input=text,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for name, text in files.items()
    }


def from_module(specs: Mapping[str, Any]) -> dict[str, Algorithm]:
    """The generator's view of a generated module's ``SPECS``: rendering it again must give the same text."""
    return {
        name: Algorithm(
            {n: Spec(*h) for n, h in spec.hyperparameters.items()},
            dict(spec.aliases),
            {m: (metric.direction, metric.source) for m, metric in spec.metrics.items()},
            spec.closed,
            (spec.hyperparameters_page, spec.tuning_page),
        )
        for name, spec in specs.items()
    }


def _git(git_dir: str, *args: str) -> str:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", *args], check=True, capture_output=True, text=True
    ).stdout


def _show(git_dir: str, commit: str, path: str) -> str:
    return _git(git_dir, "show", f"{commit}:{path}")


def generate(
    sdk: str, sdk_commit: str, xgboost: str, xgboost_commit: str, docs: str, docs_commit: str
) -> dict[str, str]:
    sdk_commit, xgboost_commit, docs_commit = (
        _git(d, "rev-parse", f"{c}^{{commit}}").strip()
        for d, c in ((sdk, sdk_commit), (xgboost, xgboost_commit), (docs, docs_commit))
    )
    sources = {
        "sdk": f"github.com/aws/sagemaker-python-sdk (Apache-2.0) at {sdk_commit}, {SDK_DIR}/<module>.py",
        "xgboost": f"github.com/aws/sagemaker-xgboost-container (Apache-2.0) at {xgboost_commit}, "
        + ", ".join(XGBOOST_FILES),
        "docs": f"github.com/awsdocs/amazon-sagemaker-developer-guide (CC-BY-SA-4.0) at {docs_commit}, "
        "doc_source/<page>.md; live at " + GUIDE + "<page>.html",
    }
    base = sdk_hyperparameters(
        _show(sdk, sdk_commit, f"{SDK_DIR}/amazon_estimator.py"), "sdk:amazon_estimator.py"
    )
    algorithms: dict[str, Algorithm] = {}
    for name, (module, hp_page, tuning_page) in ALGORITHMS.items():
        page = page_hyperparameters(_show(docs, docs_commit, f"doc_source/{hp_page}.md"))
        metrics = (
            page_metrics(_show(docs, docs_commit, f"doc_source/{tuning_page}.md")) if tuning_page else {}
        )
        page_label, metrics_label = f"docs:{hp_page}", f"docs:{tuning_page}"
        if name == "sagemaker-xgboost":
            declared, aliases = xgboost_hyperparameters(
                _show(xgboost, xgboost_commit, XGBOOST_FILES[0]), "xgboost:hyperparameter_validation.py"
            )
            extra = xgboost_directions(_show(xgboost, xgboost_commit, XGBOOST_FILES[1]))
            algorithms[name] = assemble(
                name,
                declared,
                aliases,
                page,
                page_label,
                metrics,
                metrics_label,
                extra,
                "xgboost:xgb_constants.py",
            )
        else:
            declared = None
            if module is not None:
                own = sdk_hyperparameters(
                    _show(sdk, sdk_commit, f"{SDK_DIR}/{module}.py"), f"sdk:{module}.py"
                )
                declared = {**base, **own}
            algorithms[name] = assemble(name, declared, {}, page, page_label, metrics, metrics_label)
    return render(sources, algorithms)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sdk", required=True, help="the SageMaker Python SDK's git directory")
    parser.add_argument("--sdk-commit", default="v2.257.6", help="a v2 tag or commit")
    parser.add_argument("--xgboost", required=True, help="sagemaker-xgboost-container's git directory")
    parser.add_argument("--xgboost-commit", default="HEAD")
    parser.add_argument("--docs", required=True, help="amazon-sagemaker-developer-guide's git directory")
    parser.add_argument("--docs-commit", default="a869fa5", help="the last commit with doc_source/")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    files = generate(
        args.sdk, args.sdk_commit, args.xgboost, args.xgboost_commit, args.docs, args.docs_commit
    )
    for name, text in formatted(files).items():
        (args.output / name).write_text(text)
    print(f"wrote {len(files)} files to {args.output}")


if __name__ == "__main__":
    main(sys.argv[1:])
