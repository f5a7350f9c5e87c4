"""execdocs: an MkDocs plugin that runs every ```python exec="1"``` block of a site in a process of
its own and fails the build, naming the page and line, when any block breaks.

The data flows one way, one module a step:

    settings  `settings`        the plugin's options and their environment overrides
    page   -> `fences`          the fenced blocks of a page, their includes and lines
    fence  -> `engine.Build`    predicts, submits and waits for each block's run
           -> `closure`, `cache` the helper sources it can import; its key; the stored entry
           -> `pool`, `runner`  a fork of the warm parent runs the code (`block.run_here`)
    output -> `failures`        a run that went wrong, said with its page, line and snippet line
           -> `render`          markdown-exec's HTML (reused when it cannot differ)
    HTML   -> `plugin`          wires it all into MkDocs; `report`, `theme`, `notebooks`

A ```question``` fence names a question file: `question_fence` includes it, `question_files`
loads and checks it, `questions` proves it by running its code through the same build, and
`quiz_render` writes its HTML. `notebooks` builds a lesson page's notebook from the same runs;
`shards` splits execution across machines. The engine knows nothing of the site it builds:
which packages key the cache, the code run before every block and what every output depends
on are options of the plugin.
"""
