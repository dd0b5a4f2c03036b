from speeches.cli import main

main()
