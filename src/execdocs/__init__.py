"""execdocs: an MkDocs plugin that runs every ```python exec="1"``` block of a site in a process of
its own and fails the build, naming the page and line, when any block breaks.

The data flows one way, one module a step:

    page   -> `fences`          the fenced blocks of a page, their includes and lines
    fence  -> `engine`          cache key, submit to the pool, wait (`submit`, `run_cached`)
           -> `runner`          a fork of the warm parent runs the code (`runner._run_here`)
    output -> `engine.formatter` markdown-exec renders it; stderr, provenance, failure notices
    HTML   -> `plugin`          the build report, notebooks, theme fixes, the failure list

A ```question``` fence names a question file: `question_files` loads and checks it,
`questions` proves it by running its code through the same engine, `quiz_render` writes its
HTML. `notebooks` builds a lesson page's notebook from the same runs; `shards` splits execution
across machines. The engine knows nothing of the site it builds: which packages key the cache,
the code run before every block and what every output depends on are options of the plugin.
"""
