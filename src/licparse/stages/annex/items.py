"""Qualifier items as OCR damages them, read back into catalogue items.

An annex lists the same few items (docs/domain.md §2.2, §2.3), so an item
that is none of them but becomes one, or several, by undoing one OCR damage
is that damage: a speck inside it (`信息即时·交互服务`), the `、` between two
lost (`信息社区服务信息即时交互服务`), the `，` before `不含` lost
(`仅限经营类电子商务不含网络借贷…`). Anything else is left as printed.
"""

from __future__ import annotations

from ...catalogue import SERVICE_ITEMS
from ...models import Service
from ..document import Document
from .qualifiers import split_items

SPECKS = str.maketrans("", "", "·.。'`‘’:：")
_LONGEST_FIRST = sorted(SERVICE_ITEMS, key=len, reverse=True)


def _known_run(item: str) -> list[str] | None:
    """`item` as two or more catalogue items written together, or None."""
    run: list[str] = []
    while item:
        head = next((known for known in _LONGEST_FIRST if item.startswith(known)), None)
        if head is None:
            return None
        run.append(head)
        item = item[len(head) :]
    return run if len(run) > 1 else None


def _mend(item: str) -> list[str] | None:
    """The catalogue items `item` stands for, if one repair makes it so."""
    bare = item.translate(SPECKS)
    if bare != item and bare in SERVICE_ITEMS:
        return [bare]
    return _known_run(bare)


def mend_items(doc: Document, services: list[Service]) -> list[Service]:
    """`services` with damaged items read back, each repair warned on the entry's line."""
    out = []
    for service in services:
        update: dict[str, list[str]] = {}
        lists = {
            "limited_to": service.limited_to,
            "includes": service.includes,
            "excludes": service.excludes,
        }
        # excludes last: a `不含` split off an item of the others adds to it.
        for field, printed in lists.items():
            items = update.get(field, printed)
            if all(item in SERVICE_ITEMS for item in items):
                continue
            mended: list[str] = []
            for item in items:
                head, cut, tail = item.partition("不含")
                if cut and head and field != "excludes":
                    # `仅限A不含B`: the stop before 不含 was lost.
                    mended.append(head)
                    moved = split_items(tail)
                    update["excludes"] = [*update.get("excludes", service.excludes), *moved]
                    doc.warn(
                        "item_repaired",
                        f"`{item}` of `{service.name}` read as `{head}`, not including "
                        f"`{'、'.join(moved)}` (the stop before 不含 was lost)",
                        service.lines[0],
                    )
                elif item not in SERVICE_ITEMS and (known := _mend(item)) is not None:
                    mended.extend(known)
                    doc.warn(
                        "item_repaired",
                        f"`{item}` of `{service.name}` read as `{'、'.join(known)}`",
                        service.lines[0],
                    )
                else:
                    mended.append(item)
            if mended != items:
                update[field] = mended
        out.append(service.model_copy(update=update) if update else service)
    return out
