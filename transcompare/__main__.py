from transcompare.cli import main

main()
