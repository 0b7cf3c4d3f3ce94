"""Generate N varied synthetic licenses for the benchmarks.

    python benchmarks/generate.py 2000 /tmp/licenses [--seed 1]

Each license starts from one of the two real seed scans, gets its own company,
representative, province, number and dates, and is printed in one of the
layouts of inputs.md (plain, hard-wrapped, Tesseract-spaced, CRLF; half the
licenses come from seed 002, whose OCR gave markdown headings) and sometimes
in GB18030 — so the benchmark reads what users feed licparse, at the size of
real licenses (about 13 kB each). Tables (pipe, HTML) are not among them.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [
    (ROOT / "tests" / "fixtures" / name).read_text(encoding="utf-8")
    for name in ("seed_000.txt", "seed_002.txt")
]
PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔滇陕"
SYLLABLES = [
    "云",
    "智",
    "联",
    "数",
    "科",
    "星",
    "海",
    "创",
    "信",
    "通",
    "达",
    "华",
    "辰",
    "易",
    "网",
    "络",
    "锦",
    "城",
    "鼎",
    "盛",
    "瑞",
    "丰",
    "汇",
    "宏",
]
SURNAMES = [
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "黄",
    "赵",
    "吴",
    "周",
    "徐",
    "孙",
    "马",
    "朱",
    "胡",
    "郭",
    "何",
    "林",
]
HAN = "[\u4e00-\u9fff]"
COMPANIES = ("爱安特（常州）精密机械有限公司", "苏州酷曼软件技术有限公司")
NUMBERS = ("苏B2-20231036", "苏B2-20140200")
REPS = ("王崴", "王宝军")
DATES = (("2023年 07月 12日", "2028年 07月 12日"), ("2019年08月02日", "2024年05月09日"))


def license_text(rng: random.Random) -> str:
    i = rng.randrange(2)
    text = SEEDS[i]
    company = (
        "".join(rng.choices(SYLLABLES, k=4)) + rng.choice(("科技", "网络", "信息")) + "有限公司"
    )
    year = rng.randrange(2010, 2025)
    number = f"{rng.choice(PROVINCES)}B2-{year}{rng.randrange(10000):04}"
    issued = f"{year + rng.randrange(0, 2)}年{rng.randrange(1, 13):02}月{rng.randrange(1, 29):02}日"
    expires = f"{int(issued[:4]) + 5}{issued[4:]}"
    # Through placeholders: a new value may equal an old one still to replace.
    values = (
        company,
        number,
        rng.choice(SURNAMES) + "".join(rng.choices(SYLLABLES, k=2)),
        issued,
        expires,
    )
    olds = (COMPANIES[i], NUMBERS[i], REPS[i], DATES[i][0], DATES[i][1])
    for k, old in enumerate(olds):
        text = text.replace(old, f"\x00{k}\x00")
    for k, new in enumerate(values):
        text = text.replace(f"\x00{k}\x00", new)
    layout = rng.choice(("plain", "plain", "wrapped", "spaced", "crlf"))
    if layout == "wrapped":
        width = rng.randrange(25, 41)
        text = "\n".join(
            line[k : k + width]
            for line in text.splitlines()
            if line.strip()
            for k in range(0, len(line), width)
        )
    elif layout == "spaced":
        text = "\n".join(re.sub(f"(?<={HAN})(?={HAN})", " ", line) for line in text.splitlines())
    elif layout == "crlf":
        text = text.replace("\n", "\r\n")
    return text


def generate(n: int, out: Path, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(n):
        path = out / f"license_{k:06}.txt"
        encoding = "gb18030" if rng.random() < 0.1 else "utf-8"
        path.write_bytes(license_text(rng).encode(encoding))
        paths.append(path)
    return paths


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.n, args.out, args.seed)
    print(f"wrote {args.n} licenses to {args.out}")
