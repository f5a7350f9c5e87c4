from execdocs import reading_time as rt

print(
    f"Prose is read at {rt.WORDS_PER_MINUTE} words a minute, the code a page shows (an "
    f"included snippet by its non-empty lines) at {rt.CODE_LINES_PER_MINUTE} lines a "
    f"minute; each executed output adds {rt.SECONDS_PER_OUTPUT} seconds and each question "
    f"{rt.SECONDS_PER_QUESTION}. The total is rounded to the nearest minute, at least one."
)
