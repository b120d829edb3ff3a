import multiprocessing
import sys

if __name__ == "__main__":
    # First thing: in the bundle, a child process (core/jobs.py: imports, briefings) starts this same
    # program, and freeze_support() runs the child's work instead of the command line.
    multiprocessing.freeze_support()

    from segib_desktop.cli import main

    sys.exit(main())
