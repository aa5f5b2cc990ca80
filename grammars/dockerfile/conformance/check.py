#!/usr/bin/env python3
"""Conformance of dfix's Dockerfile grammar with BuildKit's own parser.

For every file under the corpus directories, BuildKit's parser (through the
PyPI package `dockerfile`, via /work/shared/tools/buildkit_dump.py) is the
oracle. For each file BuildKit accepts, the grammar's tree must have no
ERROR/MISSING node, and the instruction list read from the tree must equal
BuildKit's: command, start and end line, flags, JSON or not, values, and
heredoc names and bodies.

conformance/cases/ holds hand-written edge cases (dfix's own files) that
are checked the same way.

Files listed in known_differences.txt (path suffix, TAB, reason) may differ;
any other mismatch makes the exit status 1.

usage: check.py [--so LIB] [--oracle TOOL] [--show N] [--only SUBSTR] DIR...
Needs: a C compiler (the grammar is compiled on the fly unless --so is
given) and the PyPI packages `tree-sitter` and `dockerfile`.
"""
import argparse
import collections
import ctypes
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GRAMMAR = os.path.dirname(HERE)

try:
    from tree_sitter import Language, Parser
except ImportError:
    sys.exit("check.py: the PyPI package `tree-sitter` is missing (pip install tree-sitter)")


def build_library(out_dir):
    so = os.path.join(out_dir, "dockerfile.so")
    src = os.path.join(GRAMMAR, "src")
    subprocess.run(
        ["cc", "-O2", "-shared", "-fPIC", "-I", src,
         os.path.join(src, "parser.c"), os.path.join(src, "scanner.c"), "-o", so],
        check=True)
    return so


def load_language(so):
    lib = ctypes.cdll.LoadLibrary(so)
    lib.tree_sitter_dockerfile.restype = ctypes.c_void_p
    new_capsule = ctypes.pythonapi.PyCapsule_New
    new_capsule.restype = ctypes.py_object
    new_capsule.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]
    return Language(new_capsule(lib.tree_sitter_dockerfile(), b"tree_sitter.Language", None))


def load_oracle(path):
    spec = importlib.util.spec_from_file_location("buildkit_dump", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.dump


# --- reading the tree the way BuildKit reads the text ----------------------

class Source:
    def __init__(self, data):
        self.data = data
        self.escape = b"\\"

    def text(self, node):
        return self.data[node.start_byte:node.end_byte]

    def joined(self, start, end):
        """BuildKit's view of a span that may cover continuation lines: the
        continuation character is removed, comment and blank lines after a
        continuation are dropped, and the lines are concatenated."""
        raw = self.data[start:end]
        lines = raw.split(b"\n")
        out = []
        for i, line in enumerate(lines):
            if i > 0:
                stripped = line.strip(b" \t\r\f\v")
                if not stripped or stripped.startswith(b"#"):
                    continue
            if i < len(lines) - 1:
                body = line.rstrip(b"\r").rstrip(b" \t")
                if body.endswith(self.escape) and not body.endswith(self.escape * 2):
                    line = body[:-1]
                elif body == self.escape:
                    line = b""
            out.append(line)
        return b"".join(out).decode("utf-8", "replace")

    def jtext(self, node):
        return self.joined(node.start_byte, node.end_byte)


def builder_flag(text):
    """extractBuilderFlags: quotes removed, backslash escapes resolved."""
    out, quote, i = [], None, 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = None
            elif ch == "\\" and i + 1 < len(text):
                i += 1
                out.append(text[i])
            else:
                out.append(ch)
        elif ch in "'\"":
            quote = ch
        elif ch == "\\" and i + 1 < len(text):
            i += 1
            out.append(text[i])
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def children(node, kind):
    return [c for c in node.named_children if c.type == kind]


def instruction_value(src, node):
    kind = node.type
    json_arr = children(node, "json_array")
    if json_arr:
        # The oracle hands strings over as C strings: a NUL ends them.
        strings = [json.loads(src.text(s)).split("\0")[0] for s in children(json_arr[0], "json_string")]
        if kind == "healthcheck_instruction":
            strings.insert(0, src.text(node.child_by_field_name("type")).decode())
        return True, strings
    if kind == "healthcheck_instruction":
        t = node.child_by_field_name("type")
        if t is None:
            return False, []
        vals = [src.text(t).decode()]
        cmd = children(node, "shell_command")
        if cmd:
            vals.append(src.jtext(cmd[0]).strip())
        return False, vals
    if kind in ("run_instruction", "cmd_instruction", "entrypoint_instruction", "shell_instruction"):
        cmd = children(node, "shell_command")
        return False, [src.jtext(cmd[0]).strip()] if cmd else []
    if kind == "from_instruction":
        vals = []
        for c in node.children:
            if c.type in ("image", "stage_name", "AS"):
                vals.append(src.text(c).decode())
            elif c.type == "arguments":
                vals += [src.text(a).decode().strip() for a in c.named_children]
        return False, vals
    if kind in ("copy_instruction", "add_instruction", "volume_instruction", "expose_instruction"):
        args = children(node, "arguments")
        if not args:
            return False, []
        return False, [src.text(a).decode("utf-8", "replace").strip() for a in args[0].named_children
                       if a.type in ("argument", "heredoc_start")]
    if kind in ("user_instruction", "workdir_instruction", "stopsignal_instruction",
                "maintainer_instruction"):
        args = children(node, "arguments")
        return False, [src.jtext(args[0]).strip()] if args else []
    if kind in ("env_instruction", "label_instruction"):
        vals = []
        for p in children(node, "pair"):
            k, v = p.child_by_field_name("key"), p.child_by_field_name("value")
            vals.append(src.jtext(k))
            vals.append(src.jtext(v).strip() if v is not None else "")
        return False, vals
    if kind == "arg_instruction":
        return False, [src.jtext(p) for p in children(node, "pair")]
    return False, None  # unknown instructions: BuildKit keeps no value


def instructions(src, root):
    out = []
    for node in root.named_children:
        if not node.type.endswith("_instruction"):
            continue
        kw = node.child_by_field_name("keyword")
        end_row, end_col = node.end_point
        if end_col == 0 and end_row > node.start_point[0]:
            end_row -= 1
        item = {
            "cmd": src.text(kw).decode("utf-8", "replace") if kw is not None else "?",
            "start_line": node.start_point[0] + 1,
            "end_line": end_row + 1,
            "flags": [builder_flag(src.text(f).decode("utf-8", "replace")) for f in children(node, "flag")],
        }
        target = node
        if node.type == "onbuild_instruction":
            inner = node.child_by_field_name("instruction")
            target = inner
            ikw = inner.child_by_field_name("keyword") if inner is not None else None
            item["sub_cmd"] = src.text(ikw).decode().upper() if ikw is not None else None
        if target is not None:
            item["json"], item["value"] = instruction_value(src, target)
        else:
            item["json"], item["value"] = False, []
        if node.type != "onbuild_instruction":
            starts = []
            for c in node.named_children:
                if c.type in ("shell_command", "arguments"):
                    starts += [s for s in c.named_children if s.type == "heredoc_start"]
            docs = []
            for i, h in enumerate(children(node, "heredoc")):
                body = children(h, "heredoc_body")
                name = src.text(starts[i]).decode() if i < len(starts) else "?"
                docs.append({"marker": name,
                             "content": src.text(body[0]).decode("utf-8", "replace") if body else ""})
            item["heredocs"] = docs
        out.append(item)
    return out


def heredoc_name(marker):
    """The delimiter BuildKit derives from a marker such as 2<<-"EOF"."""
    rest = marker.lstrip("0123456789")[2:]
    if rest.startswith("-"):
        rest = rest[1:]
    return builder_flag(rest)


def compare(ours, theirs):
    """Returns the name of the first field that differs, or None."""
    if len(ours) != len(theirs):
        return "instruction count"
    for a, b in zip(ours, theirs):
        if a["cmd"] != b["cmd"]:
            return "cmd"
        if a["start_line"] != b["start_line"]:
            return "start_line"
        if a["end_line"] != b["end_line"]:
            return "end_line"
        if a["flags"] != b["flags"]:
            return "flags"
        if a.get("sub_cmd") is not None and a["sub_cmd"] != (b["sub_cmd"] or "").upper():
            return "sub_cmd"
        if a["json"] != b["json"]:
            return "json"
        if a["value"] is not None and a["value"] != b["value"]:
            return "value"
        if "heredocs" in a:
            want = [(h["name"], h["content"]) for h in b["heredocs"]]
            got = [(heredoc_name(h["marker"]), h["content"]) for h in a["heredocs"]]
            if want != got:
                return "heredocs"
    return None


def first_difference(ours, theirs):
    for a, b in zip(ours, theirs):
        if compare([a], [b]):
            return a, b
    return (ours[len(theirs)] if len(ours) > len(theirs) else None,
            theirs[len(ours)] if len(theirs) > len(ours) else None)


def error_location(node):
    if node.type == "ERROR" or node.is_missing:
        return node.start_point
    for c in node.children:
        if c.has_error:
            return error_location(c)
    return node.start_point


def load_known(path):
    known = {}
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            suffix, _, reason = line.partition("\t")
            known[suffix] = reason
    return known


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", default=[
        "/work/shared/corpus/dockerfiles", "/work/shared/corpus/dockerfiles_gpl",
        os.path.join(HERE, "cases")])
    ap.add_argument("--so", help="compiled grammar (default: compile src/ with cc)")
    ap.add_argument("--oracle", default="/work/shared/tools/buildkit_dump.py")
    ap.add_argument("--show", type=int, default=5, help="examples to print per category")
    ap.add_argument("--only", help="only files whose path contains this")
    ap.add_argument("--known", default=os.path.join(HERE, "known_differences.txt"))
    args = ap.parse_args()

    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        so = args.so or build_library(tmp)
        parser = Parser(load_language(so))
        dump = load_oracle(args.oracle)
        known = load_known(args.known)

        files = sorted(os.path.join(d, f) for top in args.dirs for d, _, fs in os.walk(top) for f in fs)
        if args.only:
            files = [f for f in files if args.only in f]
        counts = collections.Counter()
        examples = collections.defaultdict(list)
        unexpected = []
        for path in files:
            counts["files"] += 1
            oracle = dump(path)
            data = open(path, "rb").read()
            tree = parser.parse(data)
            if not oracle["ok"]:
                counts["rejected by BuildKit"] += 1
                continue
            counts["accepted by BuildKit"] += 1
            src = Source(data)
            if tree.root_node.has_error:
                counts["with error nodes"] += 1
                row, col = error_location(tree.root_node)
                category = "error node"
                detail = f"{row + 1}:{col + 1}"
            else:
                for node in tree.root_node.named_children:
                    if node.type == "directive":
                        name = src.text(node.child_by_field_name("name")).decode().lower()
                        if name == "escape":
                            src.escape = src.text(node.child_by_field_name("value"))
                ours = instructions(src, tree.root_node)
                category = compare(ours, oracle["instructions"])
                if category is None:
                    counts["exact"] += 1
                    continue
                counts["instruction mismatches"] += 1
                a, b = first_difference(ours, oracle["instructions"])
                detail = f"\n      ours:     {json.dumps(a)[:400]}\n      buildkit: {json.dumps(b)[:400]}"
            suffix = next((k for k in known if path.endswith(k)), None)
            if suffix:
                counts["known differences"] += 1
                continue
            unexpected.append(path)
            examples[category].append(f"{path} {detail}")

    for category, items in sorted(examples.items(), key=lambda kv: -len(kv[1])):
        print(f"== {category}: {len(items)}")
        for item in items[:args.show]:
            print("   ", item)
    print("files: {files}, accepted by BuildKit: {acc}, rejected: {rej}, with error nodes: {err}, "
          "instruction mismatches: {mis}, exact: {exact}, known differences: {known}".format(
              files=counts["files"], acc=counts["accepted by BuildKit"],
              rej=counts["rejected by BuildKit"], err=counts["with error nodes"],
              mis=counts["instruction mismatches"], exact=counts["exact"],
              known=counts["known differences"]))
    print(f"unexpected: {len(unexpected)}  ({time.time() - t0:.1f}s)")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
