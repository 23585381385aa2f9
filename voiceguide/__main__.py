"""python -m voiceguide"""

from .cli.main import main

if __name__ == "__main__":  # not again in a worker process started by spawn (macOS, Windows)
    main()
