"""What changed between two rendered architectures, in architecture terms (stdlib only).

Works from the text :func:`pytest_keras_arch.render` produces (optionally
preceded by ``#`` comment lines, such as a snapshot file's header), so that a
stored snapshot, which is only text, can be compared with a fresh rendering::

    >>> summarize_changes(render(describe(old)), render(describe(new)))  # Dense(1) -> Dense(3)
    ["output 'dense_1': (None, 1) float32 → (None, 3) float32",
     "layer 1 'dense_1': units 1 → 3, output (None, 1) → (None, 3), params 51 → 153",
     'total params 10,451 → 10,553']

Layers are matched by type and user-chosen name (auto-generated names such as
``dense_2`` are renumbered when a layer is inserted, so they do not identify a
layer); unmatched layers are reported as added, removed, replaced or moved.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from typing import overload

from pytest_keras_arch.naming import snake_case

__all__ = ["RenderedArchitecture", "RenderedLayer", "RenderedTextError", "parse", "summarize_changes"]

ARROW = "→"
_RECORD = re.compile(r"^(?P<pad>(?:    )*)\[(?P<index>\d+)\] (?P<path>.+): (?P<type>[^\s:]+)$")
_FIELD = re.compile(r"^(?P<pad>(?:    )+)(?P<key>[a-z][a-z ]*): (?P<value>.*)$")
_TOP = re.compile(r"^(?P<key>[a-z][a-z ]*): (?P<value>.*)$")
_TOTALS = re.compile(
    r"^(?P<total>[\d,]+) total, (?P<trainable>[\d,]+) trainable, "
    r"(?P<non_trainable>[\d,]+) non-trainable$"
)
_PARAMS = re.compile(r"^(?P<params>[\d,]+)(?: \((?P<non_trainable>[\d,]+) non-trainable\))?$")
_LAYER_FIELDS = frozenset(
    {"output", "calls", "params", "weight", "trainable", "dtype policy", "config", "inbound"}
)
_TOP_FIELDS = frozenset({"model", "input", "output", "params", "compile", "layers"})


class RenderedTextError(ValueError):
    """The text is not what ``render`` produces (hand-edited, truncated or another format)."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        where = f"line {line}: " if line is not None else ""
        super().__init__(f"{where}{problem}")
        self.problem = problem
        self.line = line


@dataclass
class RenderedLayer:
    """One layer record of a rendered architecture; field values kept as text."""

    index: int
    path: str
    type: str
    depth: int
    fields: dict[str, list[str]] = field(default_factory=dict)
    line: int | None = None

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @overload
    def get(self, key: str, default: str) -> str: ...
    @overload
    def get(self, key: str, default: None = None) -> str | None: ...
    def get(self, key: str, default: str | None = None) -> str | None:
        values = self.fields.get(key)
        return values[0] if values else default

    def config(self) -> dict[str, str]:
        text = self.get("config")
        return _split_config(text) if text else {}

    def weights(self) -> dict[str, tuple[str, str]]:
        """Weight name -> (shape, the rest: dtype and flags)."""
        result: dict[str, tuple[str, str]] = {}
        for value in self.fields.get("weight", []):
            name, _, rest = value.partition(" ")
            end = rest.find(")") if rest.startswith("(") else -1
            result[name] = (rest[: end + 1], rest[end + 1 :].strip())
        return result

    @property
    def param_count(self) -> int:
        match = _PARAMS.match(self.get("params", "0") or "0")
        return _number(match.group("params")) if match else 0

    def weight_size(self) -> int:
        """Scalars in the weights this layer owns (borrowed ones are counted by their owner)."""
        total = 0
        for shape, rest in self.weights().values():
            if "borrowed from" not in rest:
                total += math.prod(int(dim) for dim in re.findall(r"\d+", shape))
        return total


@dataclass
class RenderedArchitecture:
    """A rendered architecture parsed back into its model lines and layer records."""

    header: dict[str, list[str]]
    layers: list[RenderedLayer]
    lines: dict[str, int] = field(default_factory=dict)

    def get(self, key: str) -> str | None:
        values = self.header.get(key)
        return values[0] if values else None

    def totals(self) -> tuple[int, int, int] | None:
        text = self.get("params")
        match = _TOTALS.match(text) if text else None
        if match is None:
            return None
        return (
            _number(match.group("total")),
            _number(match.group("trainable")),
            _number(match.group("non_trainable")),
        )


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _split_top_level(text: str, sep: str = ",") -> list[str]:
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        if char == sep and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    if current:
        parts.append("".join(current).strip())
    return parts


def _split_config(text: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for part in _split_top_level(text):
        key, sep, value = part.partition("=")
        result[key] = value if sep else ""
    return result


def parse(text: str) -> RenderedArchitecture:
    """Parse ``render`` output back into records; ``#`` lines are skipped.

    Raises :class:`RenderedTextError` naming the first line that does not fit
    the format, or a count that does not add up (``layers: N`` against the
    records, layer parameters against the total).
    """
    header: dict[str, list[str]] = {}
    header_lines: dict[str, int] = {}
    layers: list[RenderedLayer] = []
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, start=1):
        if line.startswith("#"):
            continue
        if not line.strip():
            raise RenderedTextError("unexpected empty line", number)
        record = _RECORD.match(line)
        if record:
            index = int(record.group("index"))
            if index != len(layers):
                raise RenderedTextError(
                    f"layer record [{index}] where [{len(layers)}] was expected", number
                )
            layers.append(
                RenderedLayer(
                    index=index,
                    path=record.group("path"),
                    type=record.group("type"),
                    depth=len(record.group("pad")) // 4,
                    line=number,
                )
            )
            continue
        if layers:
            match = _FIELD.match(line)
            if match is None or match.group("key") not in _LAYER_FIELDS:
                raise RenderedTextError(f"not a layer field: {line.strip()!r}", number)
            layers[-1].fields.setdefault(match.group("key"), []).append(match.group("value"))
            continue
        match = _TOP.match(line)
        if match is None or match.group("key") not in _TOP_FIELDS:
            raise RenderedTextError(f"not a model line: {line.strip()!r}", number)
        header.setdefault(match.group("key"), []).append(match.group("value"))
        header_lines.setdefault(match.group("key"), number)
    _check(header, header_lines, layers)
    return RenderedArchitecture(header=header, layers=layers, lines=header_lines)


def _check(
    header: dict[str, list[str]], lines: dict[str, int], layers: list[RenderedLayer]
) -> None:
    if "model" not in header:
        raise RenderedTextError("no 'model:' line")
    count = header.get("layers")
    if not count or not count[0].isdigit():
        raise RenderedTextError("no 'layers: N' line")
    if int(count[0]) != len(layers):
        raise RenderedTextError(
            f"'layers: {count[0]}' but {len(layers)} layer records follow", lines["layers"]
        )
    for layer in layers:
        if "output" not in layer.fields:
            raise RenderedTextError(f"layer [{layer.index}] {layer.path!r} has no 'output:' line", layer.line)
        params = layer.get("params")
        if params is not None and _PARAMS.match(params) is None:
            raise RenderedTextError(f"layer [{layer.index}] {layer.path!r}: bad params {params!r}", layer.line)
        if params is not None and layer.weight_size() != layer.param_count:
            raise RenderedTextError(
                f"layer [{layer.index}] {layer.path!r}: its weights add up to "
                f"{layer.weight_size():,}, not its params {layer.param_count:,}",
                layer.line,
            )
    totals = header.get("params")
    if totals is None:
        return  # shapes-only detail: no counts to check
    match = _TOTALS.match(totals[0])
    if match is None:
        raise RenderedTextError(f"bad model params line {totals[0]!r}", lines["params"])
    total, trainable, non_trainable = (
        _number(match.group(key)) for key in ("total", "trainable", "non_trainable")
    )
    if trainable + non_trainable != total:
        raise RenderedTextError(
            f"trainable {trainable:,} + non-trainable {non_trainable:,} is not the total {total:,}",
            lines["params"],
        )
    # Only layers that own their weights count: a nested model's row repeats its layers.
    counted = sum(layer.param_count for layer in layers if not _has_children(layer, layers))
    if counted != total:
        raise RenderedTextError(
            f"the layers' params add up to {counted:,}, not the total {total:,}", lines["params"]
        )


def _has_children(layer: RenderedLayer, layers: list[RenderedLayer]) -> bool:
    following = layers[layer.index + 1 : layer.index + 2]
    return bool(following) and following[0].depth > layer.depth


# --------------------------------------------------------------------------
# comparison


def _is_auto_name(layer: RenderedLayer) -> bool:
    base = snake_case(layer.type.rsplit(".", 1)[-1])
    bases = {base, "input"} if base == "input_layer" else {base}
    return any(re.fullmatch(re.escape(b) + r"(?:_\d+)?", layer.name) for b in bases)


def _key(layer: RenderedLayer) -> tuple[int, str, str | None]:
    return (layer.depth, layer.type, None if _is_auto_name(layer) else layer.path)


def _arrow(old: object, new: object) -> str:
    return f"{old} {ARROW} {new}"


def _label(layer: RenderedLayer) -> str:
    return f"layer {layer.index} {layer.path!r}"


def _layer_changes(
    old: RenderedLayer, new: RenderedLayer, renamed: dict[str, str]
) -> list[str]:
    changes: list[str] = []
    if old.path != new.path and not (_is_auto_name(old) and _is_auto_name(new)):
        changes.append("renamed")
    if old.type != new.type:
        changes.append(f"type {_arrow(old.type, new.type)}")
    old_config, new_config = old.config(), new.config()
    for key in sorted(set(old_config) | set(new_config)):
        before, after = old_config.get(key, "unset"), new_config.get(key, "unset")
        if before != after:
            changes.append(f"{key} {_arrow(before, after)}")
    for key in ("output", "calls"):
        old_value, new_value = old.get(key), new.get(key)
        if old_value != new_value:
            changes.append(f"{key} {_arrow(old_value or '1', new_value or '1')}")
    old_params, new_params = old.get("params", "0"), new.get("params", "0")
    changes += _weight_changes(old, new, shapes=old_params == new_params)
    if old_params != new_params:
        changes.append(f"params {_arrow(old_params, new_params)}")
    for key, default in (("trainable", "True"), ("dtype policy", "float32")):
        before, after = old.get(key, default), new.get(key, default)
        if before != after:
            changes.append(f"{key} {_arrow(before, after)}")
    before = ", ".join(renamed.get(name, name) for name in _split_top_level(old.get("inbound", "") or ""))
    after = new.get("inbound", "") or ""
    if before != after:
        changes.append(f"inbound {_arrow(before or 'none', after or 'none')}")
    return changes


def _weight_changes(old: RenderedLayer, new: RenderedLayer, *, shapes: bool) -> list[str]:
    """Weights added, removed or changed; shapes only where the params do not show it."""
    before, after = old.weights(), new.weights()
    changes: list[str] = []
    added = [name for name in after if name not in before]
    removed = [name for name in before if name not in after]
    if added:
        changes.append("weights added: " + ", ".join(added))
    if removed:
        changes.append("weights removed: " + ", ".join(removed))
    for name in after:
        if name not in before:
            continue
        (old_shape, old_rest), (new_shape, new_rest) = before[name], after[name]
        if old_rest != new_rest:
            changes.append(f"{name} {_arrow(old_rest, new_rest)}")
        if shapes and old_shape != new_shape:
            changes.append(f"{name} {_arrow(old_shape, new_shape)}")
    return changes


def _signature(layer: RenderedLayer) -> tuple[object, ...]:
    return (*_key(layer), layer.get("config"))


def _match(
    old: list[RenderedLayer], new: list[RenderedLayer], level: int = 0
) -> tuple[list[tuple[RenderedLayer, RenderedLayer]], list[RenderedLayer], list[RenderedLayer]]:
    """Pair layers: first those equal in type, name and config, then by type and name."""
    keyfunc = _signature if level == 0 else _key
    matcher = difflib.SequenceMatcher(
        None, [keyfunc(layer) for layer in old], [keyfunc(layer) for layer in new], autojunk=False
    )
    pairs: list[tuple[RenderedLayer, RenderedLayer]] = []
    removed: list[RenderedLayer] = []
    added: list[RenderedLayer] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += zip(old[i1:i2], new[j1:j2])
        elif level == 0:
            more = _match(old[i1:i2], new[j1:j2], level + 1)
            pairs += more[0]
            removed += more[1]
            added += more[2]
        elif i2 - i1 == j2 - j1 and all(
            a.type == b.type and a.depth == b.depth for a, b in zip(old[i1:i2], new[j1:j2])
        ):
            pairs += zip(old[i1:i2], new[j1:j2])  # changed or renamed in place
        else:
            removed += old[i1:i2]
            added += new[j1:j2]
    return pairs, removed, added


def _pair_layers(
    old: list[RenderedLayer], new: list[RenderedLayer]
) -> tuple[list[tuple[RenderedLayer, RenderedLayer]], list[tuple[int, str]]]:
    """Matched (old, new) pairs, and lines for layers added, removed, moved, replaced."""
    pairs, removed, added = _match(old, new)
    lines: list[tuple[int, str]] = []
    # A layer removed at one place and added at another is a move.
    for layer in list(added):
        twin = next((r for r in removed if _key(r) == _key(layer)), None)
        if twin is not None:
            removed.remove(twin)
            added.remove(layer)
            pairs.append((twin, layer))
            lines.append(
                (layer.index, f"layer {layer.path!r} ({layer.type}) moved from {twin.index} to {layer.index}")
            )
    replaced = set()
    for layer in removed:
        twin = next((a for a in added if a.index == layer.index and id(a) not in replaced), None)
        if twin is not None:
            replaced.add(id(twin))
            lines.append(
                (layer.index, f"layer {layer.index} {layer.path!r} ({layer.type}) replaced by "
                 f"{twin.path!r} ({twin.type})")
            )
        else:
            lines.append((layer.index, f"layer {layer.index} {layer.path!r} ({layer.type}) removed"))
    for layer in added:
        if id(layer) not in replaced:
            lines.append((layer.index, f"{_label(layer)} ({layer.type}) added"))
    return pairs, lines


def _ports(arch: RenderedArchitecture, key: str) -> str:
    return "; ".join(arch.header.get(key, [])) or "none"


def _port_changes(key: str, old: list[str], new: list[str], renamed: dict[str, str]) -> list[str]:
    """Model inputs or outputs that changed; a name changed only by renumbering is not a change."""
    split_old = [port.partition(" ")[::2] for port in old]
    split_new = [port.partition(" ")[::2] for port in new]
    if len(old) != len(new):
        return [f"{key}s {_arrow('; '.join(old) or 'none', '; '.join(new) or 'none')}"]
    lines = []
    for (old_name, old_rest), (new_name, new_rest) in zip(split_old, split_new):
        if renamed.get(old_name, old_name) != new_name:
            lines.append(f"{key} {_arrow(f'{old_name} {old_rest}', f'{new_name} {new_rest}')}")
        elif old_rest != new_rest:
            lines.append(f"{key} {new_name!r}: {_arrow(old_rest, new_rest)}")
    return lines


def summarize_changes(old_text: str, new_text: str) -> list[str]:
    """What changed from ``old_text`` to ``new_text`` (both ``render`` output), one line each.

    Model lines (type, inputs, outputs) come first, then layers in model
    order, then compile facts and parameter totals. Equal architectures give
    ``[]``. Raises :class:`RenderedTextError` if either text cannot be parsed.
    """
    for name, text in (("old_text", old_text), ("new_text", new_text)):
        if not isinstance(text, str):
            raise TypeError(
                f"summarize_changes: {name} must be the str that render() returns, got "
                f"{type(text).__name__}; pass render(describe(model)) or a snapshot's text"
            )
    old, new = parse(old_text), parse(new_text)
    lines: list[str] = []
    if old.get("model") != new.get("model"):
        lines.append(f"model {_arrow(old.get('model'), new.get('model'))}")
    pairs, structural = _pair_layers(old.layers, new.layers)
    renamed = {a.path: b.path for a, b in pairs}
    for key in ("input", "output"):
        lines += _port_changes(key, old.header.get(key, []), new.header.get(key, []), renamed)
    for a, b in pairs:
        changes = _layer_changes(a, b, renamed)
        if changes:
            label = _label(b) if a.path == b.path else f"{_label(b)} (was {a.path!r})"
            structural.append((b.index, f"{label}: {', '.join(changes)}"))
    lines += [text for _, text in sorted(structural, key=lambda item: item[0])]
    if old.header.get("compile") != new.header.get("compile"):
        lines.append(f"compile {_arrow(_ports(old, 'compile'), _ports(new, 'compile'))}")
    old_totals, new_totals = old.totals(), new.totals()
    if old_totals and new_totals and old_totals != new_totals:
        if old_totals[0] != new_totals[0]:
            lines.append(f"total params {old_totals[0]:,} {ARROW} {new_totals[0]:,}")
        if old_totals[2] != new_totals[2]:
            lines.append(
                f"trainable params {old_totals[1]:,} {ARROW} {new_totals[1]:,}, "
                f"non-trainable params {old_totals[2]:,} {ARROW} {new_totals[2]:,}"
            )
    return lines
