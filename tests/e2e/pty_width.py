#!/usr/bin/env python3
"""arxiv-query in a real terminal at 60 and 120 columns: no line wider than
the terminal, no word broken across lines.

Runs the program in a tmux pane of the given size (a real pty, so the width
comes from TIOCGWINSZ; COLUMNS is set to a wrong value to prove it loses),
reads the pane back with `capture-pane -J` (lines the terminal had to wrap
come back joined, so an overlong line shows as wider than the pane), and
compares the words with the same query piped at COLUMNS=1000. Without tmux
it falls back to script(1) with `stty cols N`; with neither it prints
"skipped: ..." and exits 77 (ctest's SKIP_RETURN_CODE).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

QUERIES = [['"kv cache"'], ['transform*'], ['au:han'], ['language models', '-n', '20']]
WIDTHS = [60, 120]


def columns(line):
    n = 0
    for ch in line:
        if unicodedata.combining(ch):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ('W', 'F') else 1
    return n


def shell_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def run_in_tmux(cmd, width, tmp):
    run_in_tmux.count = getattr(run_in_tmux, 'count', 0) + 1
    sock = os.path.join(tmp, 'tmux-%d.sock' % run_in_tmux.count)
    conf = os.path.join(tmp, 'tmux.conf')
    with open(conf, 'w') as f:
        f.write('set -g history-limit 100000\nset -g status off\n')
    marker = '__ARXIV_PTY_DONE__'
    inner = cmd + '; echo ' + marker + '; sleep 600'
    tmux = ['tmux', '-S', sock, '-f', conf]
    subprocess.run(tmux + ['new-session', '-d', '-s', 'pty', '-x', str(width), '-y', '50', inner], check=True)
    try:
        deadline = time.time() + 120  # a failure bound for a hung program, not a timing assertion
        while True:
            out = subprocess.run(tmux + ['capture-pane', '-p', '-J', '-S', '-', '-E', '-', '-t', 'pty'],
                                 check=True, capture_output=True, text=True).stdout
            if marker + '\n' in out or out.rstrip().endswith(marker):
                break
            if time.time() > deadline:
                raise RuntimeError('arxiv-query did not finish in the tmux pane:\n' + out)
            time.sleep(0.1)
        # The pane holds the program's output, then the marker.
        return out[:out.rindex(marker)]
    finally:
        subprocess.run(tmux + ['kill-server'], capture_output=True)


def run_in_script(cmd, width):
    inner = 'stty cols %d rows 50; %s' % (width, cmd)
    out = subprocess.run(['script', '-qec', inner, '/dev/null'], capture_output=True, text=True,
                         timeout=120).stdout
    return out.replace('\r\n', '\n')


def main():
    if len(sys.argv) != 4:
        print('usage: pty_width.py ARXIV_INDEX ARXIV_QUERY DATA_DIR', file=sys.stderr)
        return 2
    index_bin, query_bin, data = sys.argv[1:]

    if shutil.which('tmux'):
        how = 'tmux'
    elif shutil.which('script') and shutil.which('stty'):
        how = 'script'
    else:
        print('skipped: neither tmux nor script(1) is installed, so there is no terminal to run in')
        return 77

    failures = []
    with tempfile.TemporaryDirectory(prefix='arxiv-pty-') as tmp:
        db = os.path.join(tmp, 'db')
        subprocess.run([index_bin, '--db', db, '--quiet', 'add', data], check=True)
        for q in QUERIES:
            base = ' '.join(shell_quote(a) for a in [query_bin, '--db', db] + q)
            env = dict(os.environ)
            env['COLUMNS'] = '1000'
            env.pop('NO_COLOR', None)
            piped = subprocess.run(base + ' --color never', shell=True, env=env, capture_output=True,
                                   text=True).stdout
            for width in WIDTHS:
                # A wrong COLUMNS: the terminal's own width must win.
                cmd = 'env COLUMNS=33 TERM=xterm ' + base + ' --color never'
                shown = run_in_tmux(cmd, width, tmp) if how == 'tmux' else run_in_script(cmd, width)
                lines = shown.split('\n')
                where = '%s at %d columns (%s)' % (' '.join(q), width, how)
                for line in lines:
                    if columns(line.rstrip()) > width:
                        failures.append('%s: a line of %d columns: %r' % (where, columns(line.rstrip()), line))
                if shown.split() != piped.split():
                    a, b = shown.split(), piped.split()
                    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
                    failures.append('%s: words differ from the piped output at word %d: %r vs %r'
                                    % (where, i, a[i:i + 3], b[i:i + 3]))
                if len([l for l in lines if l.strip()]) < 5:
                    failures.append('%s: almost nothing shown: %r' % (where, shown))
                print('ok: %s, %d lines' % (where, len(lines)))
    for f in failures:
        print('FAIL: ' + f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
