"""python -m voiceguide"""

from .cli.main import main

main()
