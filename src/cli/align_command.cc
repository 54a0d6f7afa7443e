#include <iostream>

#include "cli/commands.h"
#include "redline/align.h"
#include "redline/align_format.h"
#include "redline/points.h"

namespace redline {

int RunAlign(const AlignArgs& args) {
  Result<TwoTexts> texts = ReadTwoTexts(args.old_path, args.new_path,
                                        args.labels, args.store, args.limits);
  if (!texts.ok()) return ReportError(texts.status());

  const Document old_doc = ParsePoints(texts->old_text.view());
  const Document new_doc = ParsePoints(texts->new_text.view());
  const VersionText old_version{texts->old_label, texts->old_text.view(),
                                &old_doc};
  const VersionText new_version{texts->new_label, texts->new_text.view(),
                                &new_doc};
  const Alignment alignment =
      AlignPoints(old_version.text, old_doc, new_version.text, new_doc);
  if (args.format == "json") {
    WriteAlignJson(old_version, new_version, alignment, std::cout);
  } else if (args.format == "html") {
    WriteAlignHtml(old_version, new_version, alignment, std::cout);
  } else if (args.format == "md") {
    WriteAlignMarkdown(old_version, new_version, alignment, std::cout);
  } else {
    DiffRenderOptions render;
    render.color = UseColor(args.color);
    WriteAlignText(old_version, new_version, alignment, render, std::cout);
  }
  std::cout.flush();
  if (!std::cout) {
    return ReportError(Status::Internal("cannot write to standard output"));
  }
  for (const AlignedPair& pair : alignment.pairs) {
    if (pair.relation != Relation::kSame) return 1;
  }
  return 0;
}

}  // namespace redline
