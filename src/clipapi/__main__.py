from clipapi.cli import main

main()
