#!/usr/bin/env python3
"""The import graph of a Rust crate's modules, from its `use` lines (and inline `crate::` paths).

    scripts/deps.py [SRC_DIR]          # default: server/src

Prints, for the crate under SRC_DIR:
  - every module that imports `AppState` (only the router and the state itself should);
  - imports that run back up the layers: a module importing from its own parent `mod.rs`,
    or from `lib.rs`/`main.rs`;
  - every import cycle between modules (strongly connected components of the graph);
  - lines per module folder.
  - every import from a higher layer (the layers are listed in LAYERS below).
Exits 1 when a module other than `router.rs`/`state.rs` imports `AppState`, an import runs up
the layers or a cycle exists, so `make test` can keep it that way. `mod` declarations are not imports; `pub use` re-exports are.
"""

import os
import re
import sys
from collections import defaultdict

SRC = sys.argv[1] if len(sys.argv) > 1 else "server/src"
ALLOWED_STATE = {"router.rs", "state.rs", "lib.rs"}
# The server's layers, bottom up: a module may import from its own layer (without a cycle) or
# below, never from above. A folder or top-level file not listed here is not checked.
LAYERS = [
    ["kit"],
    ["base"],
    ["api"],
    ["guard"],
    ["room"],
    ["accounts", "trace", "nodes"],
    ["session_auth", "jwt_auth"],
    ["lab", "rights", "oauth", "orders", "introspect", "bff"],
    ["state.rs"],
    ["router.rs"],
    ["start"],
    ["lib.rs"],
]


def layer_of(rel):
    top = rel.split("/")[0]
    for level, names in enumerate(LAYERS):
        if top in names:
            return level
    return None


def module_files(src):
    files = {}
    for root, _, names in os.walk(src):
        for name in names:
            # main.rs is the binary, a crate of its own that imports this one by name.
            if name.endswith(".rs") and not (root == src and name == "main.rs"):
                path = os.path.join(root, name)
                rel = os.path.relpath(path, src)
                files[rel] = path
    return files


def module_path(rel):
    """`jwt_auth/verify.rs` -> ['jwt_auth', 'verify']; `jwt_auth/mod.rs` -> ['jwt_auth']."""
    parts = rel[:-3].split("/")
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return parts


def file_of(parts, by_path):
    """The longest prefix of `parts` that names a module file."""
    for end in range(len(parts), -1, -1):
        key = tuple(parts[:end])
        if key in by_path:
            return by_path[key]
    return None


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(line.split("//")[0] for line in text.splitlines())


def use_paths(text):
    """Every path a file names through `use` (braces expanded) or inline `crate::`/`super::`."""
    text = strip_comments(text)
    # Unit tests (`#[cfg(test)] mod tests { use super::*; }`) import the file itself.
    text = text.split("#[cfg(test)]")[0]
    out = []
    for match in re.finditer(r"\buse\s+([^;]+);", text):
        out.extend(expand(match.group(1).replace("\n", " ").replace(" ", "")))
    for match in re.finditer(r"(?<![\w:])((?:crate|super)(?:::\w+)+)", text):
        out.append(match.group(1))
    return out


def expand(tree):
    if "{" not in tree:
        return [tree.split(" as ")[0]]
    head, rest = tree.split("{", 1)
    inner = rest[: rest.rfind("}")]
    parts, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        cur += ch
    if cur:
        parts.append(cur)
    out = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if part == "self":
            out.append(head.rstrip(":"))
        else:
            out.extend(expand(head + part))
    return out


def resolve(path, here, by_path):
    """The file a `crate::`/`super::`/`self::` path lands in, or None for other crates."""
    segs = path.split("::")
    if segs[0] == "crate":
        base = []
        segs = segs[1:]
    elif segs[0] in ("super", "self"):
        base = list(here)
        while segs and segs[0] in ("super", "self"):
            if segs[0] == "super":
                base = base[:-1]
            segs = segs[1:]
    else:
        # A child module named directly (`use verify::Refused` inside jwt_auth/mod.rs).
        candidate = tuple(here + [segs[0]])
        if candidate in by_path:
            base = list(here)
        else:
            return None
    return file_of(base + segs, by_path)


def main():
    files = module_files(SRC)
    by_path = {tuple(module_path(rel)): rel for rel in files}
    edges = defaultdict(set)
    state_users = []
    back_up = []
    upward = []
    imports = 0
    for rel, path in sorted(files.items()):
        here = module_path(rel)
        # A mod.rs file's `super` is its folder's parent; a leaf file's `super` is its folder.
        text = open(path, encoding="utf-8").read()
        names_state = False
        for used in use_paths(text):
            target = resolve(used, here, by_path)
            if target is None or target == rel:
                continue
            imports += 1
            edges[rel].add(target)
            if used.split("::")[-1] == "AppState":
                names_state = True
            here_layer, target_layer = layer_of(rel), layer_of(target)
            if here_layer is not None and target_layer is not None and target_layer > here_layer:
                upward.append((rel, target))
            parent = module_path(target)
            if target in ("lib.rs", "main.rs") and rel not in ("main.rs",):
                back_up.append((rel, used))
            elif target.endswith("mod.rs") and len(parent) < len(here) and here[: len(parent)] == parent:
                back_up.append((rel, used))
        if names_state and os.path.basename(rel) not in ALLOWED_STATE:
            state_users.append(rel)
    cycles = sccs(files, edges)
    print(f"modules: {len(files)}, imports between them: {imports}")
    print(f"modules importing AppState (besides router.rs, state.rs): {len(state_users)}")
    for rel in state_users:
        print(f"  {rel}")
    print(f"imports running back up (to a parent mod.rs or lib.rs): {len(set(back_up))}")
    for rel, used in sorted(set(back_up)):
        print(f"  {rel}: {used}")
    print(f"imports from a higher layer: {len(set(upward))}")
    for rel, target in sorted(set(upward)):
        print(f"  {rel} -> {target}")
    print(f"import cycles: {len(cycles)}")
    for cycle in cycles:
        print("  " + " <-> ".join(sorted(cycle)))
    lines = defaultdict(int)
    for rel, path in files.items():
        folder = rel.split("/")[0] if "/" in rel else "(top)"
        lines[folder] += sum(1 for _ in open(path, encoding="utf-8"))
    print("lines: " + ", ".join(f"{k} {v}" for k, v in sorted(lines.items())) + f"; total {sum(lines.values())}")
    return 1 if state_users or cycles or upward else 0


def sccs(nodes, edges):
    """Tarjan's algorithm; only components of two or more modules."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(comp)

    sys.setrecursionlimit(10000)
    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


if __name__ == "__main__":
    sys.exit(main())
