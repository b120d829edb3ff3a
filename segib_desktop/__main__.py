import sys

from segib_desktop.cli import main

sys.exit(main())
