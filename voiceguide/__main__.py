"""python -m voiceguide"""

from .cli.group import main

main()
