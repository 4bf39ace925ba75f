'use strict'
// The fenced samples of a Markdown page. Fence info: ```lang [tags] [path]:
// a word with a `/` or an extension is the sample's file, the others are tags.

/** The fenced samples of `text` (the page `page`): { page, lang, tags, file, code, line }; a fence without a language has lang ''. */
function samples (page, text) {
  const out = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^( *)```(\S*)(.*)$/)
    if (!open) continue
    const indent = open[1].length
    let end = i + 1
    while (end < lines.length && lines[end].trim() !== '```') end++
    const words = open[3].trim().split(/\s+/).filter(Boolean)
    out.push({
      page,
      lang: open[2],
      tags: words.filter((w) => !w.includes('/') && !/\.\w+$/.test(w)),
      file: words.find((w) => w.includes('/') || /\.\w+$/.test(w)),
      code: lines.slice(i + 1, end).map((l) => l.slice(indent)).join('\n'),
      line: i + 1
    })
    i = end
  }
  return out
}

/** The text of the `## heading` section of `text`, up to the next `## ` heading. */
function section (text, heading) {
  const start = text.indexOf(`\n## ${heading}\n`)
  if (start < 0) throw new Error(`no section "## ${heading}"`)
  const next = text.indexOf('\n## ', start + 1)
  return text.slice(start, next < 0 ? undefined : next)
}

module.exports = { samples, section }
