from planparse.cli import main

main()
