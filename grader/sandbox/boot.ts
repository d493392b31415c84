// Starting a student's script without site's start-up work, as `python3 -s -B script.py args` would run it.
//
// Why: `site` processes every .pth file of the install at each start. On this kind of machine one
// of them imports certifi, importlib.resources and pathlib, so a bare start costs 3× what
// `python3 -S` costs (about 85 ms of CPU), and a full submission makes 22 launches. The boot file
// runs under -S and rebuilds what a student program can see of site: the same sys.path (resolved
// once per run, .pth entries included), exit()/quit()/help()/copyright, and the grader's
// sitecustomize. The import lines of .pth files (packaging hooks, certificate bundles) are not run.

/** The boot file's name, written beside the grader's sitecustomize. */
export const BOOT_FILE = 'sockgrade_boot.py';

/** The environment variable carrying the sys.path entries that site would add (os.pathsep-joined). */
export const SYS_PATH_ENV = 'SOCKGRADE_SYS_PATH';

// Tracebacks leave out this file's own frame, so a student reads exactly what python3 prints.
// A KeyboardInterrupt ends the process by SIGINT, as Python itself does since 3.8.
/** The boot file: argv is `[boot, script, args...]`. */
export const BOOT_PY = `# Written by sockgrade (grader/sandbox/boot.ts): runs sys.argv[1] as python3 -s would, under -S.
import sys


def _sockgrade_prepare():
    import os
    del sys.argv[0]
    script = sys.argv[0]
    sys.path[0] = os.path.dirname(os.path.realpath(script))
    for entry in os.environ.pop(${JSON.stringify(SYS_PATH_ENV)}, '').split(os.pathsep):
        if entry and entry not in sys.path:
            sys.path.append(entry)
    import site
    site.setquit()
    site.setcopyright()
    site.sethelper()
    try:
        import sitecustomize
    except ImportError:
        pass
    path = os.path.abspath(script)
    with open(path, 'rb') as source:
        text = source.read()
    main = type(sys)('__main__')
    main.__file__ = path
    main.__cached__ = None
    sys.modules['__main__'] = main
    return compile(text, path, 'exec', dont_inherit=True), main.__dict__


def _sockgrade_report(error, traceback):
    # Python prints the traceback the error carries, so the error must carry the shortened one.
    error.with_traceback(traceback)
    sys.excepthook(type(error), error, traceback)
    if isinstance(error, KeyboardInterrupt):
        import os
        import signal
        sys.stdout.flush()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
    raise SystemExit(1)


try:
    _sockgrade_code, _sockgrade_globals = _sockgrade_prepare()
except SyntaxError as _sockgrade_error:
    _sockgrade_report(_sockgrade_error, None)
except OSError as _sockgrade_error:
    sys.stderr.write("python3: can't open file %r: %s\\n" % (sys.argv[0], _sockgrade_error))
    raise SystemExit(2)
try:
    exec(_sockgrade_code, _sockgrade_globals)
except SystemExit:
    raise
except BaseException as _sockgrade_error:
    _sockgrade_report(_sockgrade_error, _sockgrade_error.__traceback__.tb_next)
`;
