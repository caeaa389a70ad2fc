"""griffe extensions for the API reference (``mkdocs.yml``): the jsii-style docstrings read as they are meant.

``TypedDictInit``: keyword groups read as the keywords they are. The props are declared once, as ``TypedDict`` keyword groups (``ComputeOptions``, ``TuningJobOptions``, ...)
whose docstrings give each key a jsii-style ``:param key: ...`` line, and constructors take them flat with
``**options: Unpack[Group]`` (PEP 692). A ``TypedDict`` is called with exactly those keywords, but griffe
builds no ``__init__`` for it (it does for dataclasses), so every ``:param`` would be reported as "does not
appear in the function signature". This extension gives each ``TypedDict`` class the ``__init__`` Python
gives it at run time: its keys and those of the groups it extends, keyword-only. griffe-fieldz does the same
for several class kinds, but by importing the package (which starts jsii and Node.js for every build); this
reads the source, like griffe's own dataclass support.

``ReSTMarkup``: the docstrings are reST-ish, rendered as Markdown. ``code`` and ``:param:`` read alike in
both; two reST habits do not, and are rewritten as the site is built (the sources stay valid reST for any
reader): a role (``:meth:`maximize```) becomes the code span it names, and a paragraph ending in ``::``
(reST's "a literal block follows", which Markdown renders as the indented block it is) ends in ``:``.
"""

from __future__ import annotations

import re
from typing import Any

from griffe import Attribute, Class, Extension, Function, Module, Object, Parameter, ParameterKind, Parameters

TYPED_DICT = {"typing.TypedDict", "typing_extensions.TypedDict"}


def _is_typed_dict(cls: Class) -> bool:
    return any(getattr(base, "canonical_path", str(base)) in TYPED_DICT for base in cls.bases)


def _is_a_typed_dict(cls: Class) -> bool:
    """Derived from ``TypedDict`` itself or from another group (``class Options(GroupA, GroupB)``)."""
    return _is_typed_dict(cls) or len(_typed_dict_lineage(cls)) > 1


def _typed_dict_lineage(cls: Class) -> list[Class]:
    """The class and the ``TypedDict`` groups it extends, the farthest first (the order of their keys)."""
    try:
        mro = cls.mro()
    except ValueError:  # a base griffe cannot resolve: only the class's own keys
        mro = []
    return [parent for parent in reversed(mro) if _is_typed_dict(parent)] + [cls]


def _keys(cls: Class) -> list[Parameter]:
    keys: dict[str, Parameter] = {}
    for group in _typed_dict_lineage(cls):
        for name, member in group.members.items():
            if not member.is_alias and isinstance(member, Attribute) and member.annotation is not None:
                keys[name] = Parameter(name, annotation=member.annotation, kind=ParameterKind.keyword_only)
    return list(keys.values())


def _visit(obj: Module | Class) -> None:
    for member in obj.members.values():
        if member.is_alias:
            continue
        if isinstance(member, Class):
            if "__init__" not in member.members and _is_a_typed_dict(member):
                init = Function(
                    "__init__",
                    lineno=0,
                    endlineno=0,
                    parent=member,
                    parameters=Parameters(
                        Parameter("self", kind=ParameterKind.positional_or_keyword), *_keys(member)
                    ),
                    returns="None",
                )
                member.set_member("__init__", init)
            _visit(member)
        elif isinstance(member, Module):
            _visit(member)


class TypedDictInit(Extension):
    """Gives every ``TypedDict`` of the package the keyword-only ``__init__`` it has at run time."""

    def on_package(self, *, pkg: Module, **kwargs: Any) -> None:
        _visit(pkg)


_ROLE = re.compile(r":(?:class|meth|func|attr|mod|data):`~?\.*([\w.]+)`")


def plain_markdown(docstring: str) -> str:
    """The docstring with reST roles as code spans and ``::`` paragraph ends as ``:`` (a bare ``::``: nothing)."""
    text = _ROLE.sub(lambda match: f"`{match[1]}`", docstring)
    text = re.sub(r"^(\s*)::$", r"\1", text, flags=re.MULTILINE)
    text = re.sub(r" ::$", "", text, flags=re.MULTILINE)
    return re.sub(r"(\S)::$", r"\1:", text, flags=re.MULTILINE)


class ReSTMarkup(Extension):
    """Rewrites reST roles and literal-block markers of every docstring as Markdown reads them."""

    def on_instance(self, *, obj: Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = plain_markdown(obj.docstring.value)
