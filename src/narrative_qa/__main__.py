from narrative_qa.cli.app import main

main()
