"""The syrupy extension that snapshots architectures (the only module importing syrupy).

Each snapshot is one small text file, ``__snapshots__/<test module>/<test>.arch``:
a format header, the detail it was rendered at, then
``render(describe(obj), detail=...)``. Storage, naming, ``--snapshot-update``
and unused-snapshot detection are syrupy's own; this class only turns an
object into text, checks a stored file is one of ours, and explains a
mismatch in architecture terms before syrupy's line diff.

Detail, from least to most (see :data:`pytest_keras_arch.render.DETAILS`):

========== ==========================================================
``shapes``  layer types, names and output shapes, model inputs/outputs
``default`` plus weights, parameters, dtype policy, key config, inbound
``compile`` plus optimizer class, loss and metrics
========== ==========================================================

It comes from the extension's ``detail`` attribute
(``ArchitectureExtension.with_detail("shapes")`` or a subclass setting it),
else from the ini option ``keras_arch_snapshot_detail``, else ``default``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from pytest_keras_arch import hooks
from pytest_keras_arch.diff import RenderedTextError, parse, summarize_changes
from pytest_keras_arch.render import DETAILS

if TYPE_CHECKING:
    from syrupy.types import SerializableData, SerializedData

__all__ = ["FORMAT_HEADER", "INI_DETAIL", "ArchitectureExtension", "ArchitectureSnapshot"]

#: First line of every snapshot file; a new format gets a new number, so old
#: files fail loudly instead of comparing wrong.
FORMAT_HEADER = "# pytest-keras-arch architecture snapshot v1"
_HEADER_PREFIX = "# pytest-keras-arch architecture snapshot v"
_DETAIL_PREFIX = "# detail: "
#: The ini option that sets the detail of ``ArchitectureExtension``.
INI_DETAIL = "keras_arch_snapshot_detail"
_UPDATE = "run `pytest --snapshot-update` to"

#: What the ``arch_snapshot`` fixture returns: syrupy's assertion object.
ArchitectureSnapshot = SnapshotAssertion


def check_detail(value: str, *, source: str) -> str:
    """``value`` if it is one of the details, else a ``ValueError`` naming ``source``."""
    if value not in DETAILS:
        raise ValueError(
            f"{source} must be one of {', '.join(map(repr, DETAILS))}, got {value!r}. "
            f"'shapes' stores types and shapes only, 'default' adds weights, parameters, "
            f"dtype policies, key config and connectivity, 'compile' adds the optimizer, "
            f"loss and metrics."
        )
    return value


def configured_detail() -> str:
    """The ini option ``keras_arch_snapshot_detail`` of the running session, or ``default``."""
    configs = hooks._configs
    if not configs:
        return "default"
    try:
        value = configs[-1].getini(INI_DETAIL)
    except ValueError:  # the option is not registered (plugin not loaded)
        return "default"
    return check_detail(str(value or "default").strip(), source=f"ini option {INI_DETAIL}")


def _display(location: str) -> str:
    configs = hooks._configs
    if configs:
        try:
            return os.path.relpath(location, configs[-1].rootpath)
        except ValueError:  # another drive on Windows
            pass
    return location


class _Stored(str):
    """A snapshot file's text, with where it was read and what is wrong with it."""

    location: str
    problem: str | None
    detail: str | None

    def __new__(cls, text: str, *, location: str) -> _Stored:
        self = super().__new__(cls, text)
        self.location = location
        self.detail = None
        self.problem = self._check()
        return self

    def _check(self) -> str | None:
        lines = self.split("\n")
        first = lines[0].rstrip("\r")
        if first != FORMAT_HEADER:
            if first.startswith(_HEADER_PREFIX):
                version = first[len(_HEADER_PREFIX) :]
                return f"it has format version v{version}; this pytest-keras-arch reads v1"
            return f"its first line is {first[:60]!r}, not {FORMAT_HEADER!r}"
        second = lines[1].rstrip("\r") if len(lines) > 1 else ""
        if not second.startswith(_DETAIL_PREFIX) or second[len(_DETAIL_PREFIX) :] not in DETAILS:
            return f"its second line is {second[:60]!r}, not '# detail: <{'|'.join(DETAILS)}>'"
        self.detail = second[len(_DETAIL_PREFIX) :]
        try:
            parse(str(self))
        except RenderedTextError as error:
            return str(error)
        return None


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").rstrip("\n")


class ArchitectureExtension(SingleFileSnapshotExtension):
    """syrupy extension: ``assert snapshot.use_extension(ArchitectureExtension) == model``.

    Accepts anything :func:`pytest_keras_arch.describe` accepts (a Keras model,
    a fitted estimator, a build function, a ``.keras`` path, an
    ``Architecture``); anything else fails the assertion with the reason, and
    nothing is written. Public, overridable: ``detail`` (class attribute,
    ``None`` for the ini option) and :meth:`with_detail`; syrupy's own hooks
    (``serialize``, ``matches``, ``diff_lines``, ...) as syrupy documents them.
    """

    file_extension = "arch"
    _write_mode = WriteMode.TEXT
    #: ``"shapes"``, ``"default"``, ``"compile"``, or ``None`` for the ini option.
    detail: ClassVar[str | None] = None

    _location: str = ""

    @classmethod
    def with_detail(cls, detail: str) -> type[ArchitectureExtension]:
        """This extension at a fixed ``detail``: ``snapshot.use_extension(cls.with_detail("shapes"))``."""
        check_detail(detail, source="detail")
        if cls is ArchitectureExtension:
            return _BY_DETAIL[detail]
        return type(f"{cls.__name__}_{detail}", (cls,), {"detail": detail, "__module__": cls.__module__})

    def resolved_detail(self) -> str:
        """The detail this extension renders at (its own, or the ini option's)."""
        if self.detail is not None:
            return check_detail(self.detail, source=f"{type(self).__name__}.detail")
        return configured_detail()

    # -- syrupy's serializer --------------------------------------------------
    def serialize(self, data: SerializableData, **options: Any) -> SerializedData:
        """``data`` -> the snapshot text; raises for anything that is not a model."""
        if options.get("exclude") or options.get("include"):
            raise TypeError(
                "architecture snapshots do not take include=/exclude= filters; choose what "
                "is stored with the detail ('shapes', 'default' or 'compile')."
            )
        from pytest_keras_arch.describe import describe
        from pytest_keras_arch.render import render

        detail = self.resolved_detail()
        body = render(describe(data), detail=detail)
        return f"{FORMAT_HEADER}\n{_DETAIL_PREFIX}{detail}\n{body}"

    # -- syrupy's storage -------------------------------------------------------
    def read_snapshot_data_from_location(
        self, *, snapshot_location: str, snapshot_name: str, session_id: str
    ) -> SerializableData | None:
        self._location = snapshot_location
        try:
            text = super().read_snapshot_data_from_location(
                snapshot_location=snapshot_location,
                snapshot_name=snapshot_name,
                session_id=session_id,
            )
        except UnicodeDecodeError:
            stored = _Stored("", location=snapshot_location)
            stored.problem = "it is not UTF-8 text"
            return stored
        if text is None:
            return None
        return _Stored(text, location=snapshot_location)

    @classmethod
    def write_snapshot_collection(cls, *, snapshot_collection: Any, name_order: Any = None) -> None:
        """syrupy's write, made atomic: a temporary file in the same directory, then
        ``os.replace``, so an interrupted ``--snapshot-update`` never leaves half a file."""
        location = snapshot_collection.location
        data = next(iter(snapshot_collection)).data
        if not isinstance(data, str):
            raise TypeError(f"an architecture snapshot is text, got {type(data).__name__}")
        directory, name = os.path.split(location)
        try:
            handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory or ".")
        except OSError as error:
            raise OSError(
                error.errno,
                f"cannot write the architecture snapshot {_display(location)}: "
                f"{error.strerror or error}. Is the snapshot directory read-only?",
            ) from error
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, 0o666 & ~_umask())
            os.replace(temporary, location)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    # -- syrupy's comparator and reporter ---------------------------------------
    def matches(self, *, serialized_data: SerializableData, snapshot_data: SerializableData) -> bool:
        if getattr(snapshot_data, "problem", None):
            return False
        return _normalise(str(serialized_data)) == _normalise(str(snapshot_data))

    def diff_lines(self, serialized_data: SerializedData, snapshot_data: SerializedData) -> Iterator[str]:
        """The architecture changes first, then syrupy's line diff."""
        yield from self.explain(str(serialized_data), snapshot_data)
        yield from super().diff_lines(serialized_data, snapshot_data)

    def explain(self, received: str, stored: SerializedData) -> list[str]:
        """Lines that say why ``stored`` does not match ``received`` and what to do."""
        if not isinstance(stored, _Stored):
            where = _display(self._location) if self._location else "its file"
            return [f"No architecture snapshot stored at {where} yet: {_UPDATE} write it."]
        where = _display(stored.location)
        if stored.problem:
            return [
                f"The snapshot file {where} is not a valid architecture snapshot: "
                f"{stored.problem}. It was edited by hand or is corrupted; "
                f"{_UPDATE} regenerate it from the model."
            ]
        detail = received.split("\n", 2)[1][len(_DETAIL_PREFIX) :]
        if stored.detail != detail:
            return [
                f"The snapshot {where} was stored at detail {stored.detail!r}; this test "
                f"renders detail {detail!r}. If the new detail is intended, {_UPDATE} "
                f"store it."
            ]
        changes = summarize_changes(str(stored), received)
        lines = ["Architecture changes (snapshot → received):"]
        lines += [f"  {change}" for change in changes] or ["  none in architecture terms"]
        lines.append(f"If they are intended, {_UPDATE} accept them ({where}).")
        return lines


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _Shapes(ArchitectureExtension):
    detail = "shapes"


class _Default(ArchitectureExtension):
    detail = "default"


class _Compile(ArchitectureExtension):
    detail = "compile"


_BY_DETAIL: dict[str, type[ArchitectureExtension]] = {
    "shapes": _Shapes,
    "default": _Default,
    "compile": _Compile,
}
