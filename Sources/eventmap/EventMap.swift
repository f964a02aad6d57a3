import ArgumentParser

@main
struct EventMap: ParsableCommand {}
