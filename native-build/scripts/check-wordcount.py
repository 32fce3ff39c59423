#!/usr/bin/env python3
"""Checks a wordcount job's committed output exactly once (src-docs/contracts.md §4).

Usage: check-wordcount.py OUTPUT_DIR COUNT VOCABULARY
Record i (0 <= i < COUNT) of the Words source is "w" + ((i * 2654435761) mod VOCABULARY); after
KeyBy + RunningCount, word w must have emitted exactly the counts 1..c(w), each once, where c(w) is
the number of its records. Committed files: every file under OUTPUT_DIR whose name starts with
neither '.' nor '_'; CSV lines `word,count`.
"""
import collections
import csv
import os
import sys


def main():
    out, count, vocabulary = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    expected = collections.Counter("w%d" % ((i * 2654435761) % vocabulary) for i in range(count))
    seen = collections.defaultdict(list)
    files = 0
    for root, dirs, names in os.walk(out):
        dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]
        for name in names:
            if name.startswith((".", "_")):
                continue
            files += 1
            with open(os.path.join(root, name), newline="") as f:
                for row in csv.reader(f):
                    seen[row[0]].append(int(row[1]))
    errors = []
    for word in sorted(set(expected) | set(seen)):
        counts = sorted(seen.get(word, []))
        if counts != list(range(1, expected.get(word, 0) + 1)):
            dup = len(counts) - len(set(counts))
            errors.append("%s: expected counts 1..%d, got %d values (%d duplicates, max %s)"
                          % (word, expected.get(word, 0), len(counts), dup, counts[-1] if counts else "-"))
    records = sum(len(v) for v in seen.values())
    if errors:
        print("wordcount output NOT exactly once: %d of %d words wrong, e.g.:" % (len(errors), len(expected)))
        print("\n".join("  " + e for e in errors[:10]))
        return 1
    print("wordcount output exactly once: %d records over %d words in %d committed files" % (records, len(seen), files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
