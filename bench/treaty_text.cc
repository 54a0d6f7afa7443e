// Longer than our usual files: over half of it is the vocabulary, kept next
// to the only code that reads it.

#include "treaty_text.h"

#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>

namespace redline {
namespace {

using Language = TreatyWriter::Language;

// Vocabulary. Patterns may hold placeholders that Expand() fills in:
// {n} days, {k} kilometres, {y} years, {a} an article number, {p} a point
// number, {l} a sub-point letter, {d} a date, {b} a large number ("600,000"),
// {x} a decimal ("1.5"), {t} a defined term.

constexpr const char* kEnSubjects[] = {
    "The Parties",
    "Each Party",
    "The Monitoring Mission",
    "The Joint Commission",
    "The Mediation Group",
    "The Guarantor States",
    "The Republic of Norland",
    "The Federation of Kestria",
    "The Secretariat",
    "Either Party",
    "The Special Representative",
    "The Claims Commission",
    "The competent authorities of the Parties",
    "The armed forces of both Parties",
};

constexpr const char* kEnModals[] = {
    "shall",
    "shall",
    "shall",
    "shall",
    "may",
    "shall not",
    "shall continue to",
    "shall, where necessary,",
    "shall without delay",
    "shall in good faith",
};

constexpr const char* kEnVerbs[] = {
    "ensure",    "facilitate", "guarantee", "monitor",    "review",
    "implement", "support",    "establish", "coordinate", "verify",
    "report on", "oversee",    "promote",   "carry out",  "finance",
    "restore",   "protect",    "respect",   "complete",   "suspend",
};

constexpr const char* kEnObjects[] = {
    "the withdrawal of heavy weapons from the Line of Contact",
    "the exchange of all prisoners of war and detained civilians",
    "the safe and voluntary return of displaced persons",
    "the protection of critical civilian infrastructure",
    "the restoration of rail, road and river transport links",
    "the demining of agricultural land and residential areas",
    "the reconstruction of schools, hospitals and water supply systems",
    "the unhindered delivery of humanitarian assistance",
    "the reopening of the border crossing points",
    "the disbandment of irregular armed formations",
    "the release of frozen sovereign assets",
    "the payment of pensions and social benefits",
    "the functioning of the so-called \u201chumanitarian corridors\u201d",
    "the principle of \u00aball for all\u00bb in every exchange",
    "the full and timely implementation of this Agreement",
    "the cross-border movement of goods and persons",
    "Norland's access to the ports of the Southern Coast",
    "Kestria's obligations under the Grain Corridor Arrangement",
    "the Mission's freedom of movement throughout the Zone",
    "the Parties' commitments under Annex II",
    "each Party's share of the costs of the Mission",
    "Kestria\u2019s undertakings on the Zaravan reservoir",
    "confidence-building measures along the demarcation line",
    "the long-term safety of the Zaravan Nuclear Power Station",
    "the decision-making procedures of the Joint Commission",
    "the well-being of children separated from their families",
    "the follow-up to the recommendations of the Claims Commission",
    "the non-discriminatory use of the official languages",
};

constexpr const char* kEnComplements[] = {
    "in accordance with Article {a}",
    "as set out in point {p}({l})",
    "within {n} days of the entry into force of this Agreement",
    "no later than {d}",
    "under the supervision of the Monitoring Mission",
    "without prejudice to the rights of third States",
    "in good faith and without preconditions",
    "on the basis of reciprocity",
    "subject to the approval of the Joint Commission",
    "within a zone {k} kilometres wide",
    "at a cost not exceeding EUR {b}",
    "for a period of {y} years, renewable by mutual consent",
    "from 00:00 hours on {d}",
    "for not fewer than {b} persons",
    "at a rate of {x} per cent per annum",
    "by a majority of two-thirds of its members",
    "along the line known in Russian as \u00ab\u043b\u0438\u043d\u0438\u044f "
    "\u0441\u043e\u043f\u0440\u0438\u043a\u043e\u0441\u043d\u043e\u0432\u0435"
    "\u043d\u0438\u044f\u00bb",
    "in the areas listed in Annex {p}",
};

constexpr const char* kEnAsides[] = {
    "acting by consensus",
    "without prejudice to Article {a}",
    "in the presence of the Guarantor States",
    "through its Special Representative",
    "after consulting the Mediation Group",
};

constexpr const char* kEnOther[] = {
    "For the purposes of this Article, \u201c{t}\u201d means the line "
    "described in Annex I and shown on the map attached thereto.",
    "The total number of observers shall not exceed {b}, of whom no more "
    "than {n} may be deployed in any one sector.",
    "The amount of EUR {b} shall be transferred to the Reconstruction Fund "
    "by {d}.",
    "Payments under this Article shall be indexed at {x} per cent per annum.",
    "Nothing in this Agreement shall be construed as recognition of any "
    "change to the status of the territories concerned.",
    "This Article shall apply from {d} until {d}, unless the Joint "
    "Commission decides otherwise.",
};

constexpr const char* kEnTerms[] = {
    "Line of Contact",
    "Zone",
    "security area",
    "demarcation line",
};

constexpr const char* kEnRecitals[] = {
    "Recalling",
    "Reaffirming",
    "Recognising",
    "Determined to ensure",
    "Welcoming",
    "Bearing in mind",
    "Convinced of the importance of",
    "Noting with concern the delays in",
};

constexpr const char* kEnProtocols[] = {
    "the Monitoring Mission",
    "Prisoners of War and Missing Persons",
    "Economic Reconstruction and the Reconstruction Fund",
    "Transport Corridors and Ports",
    "the Zaravan Nuclear Power Station",
    "Claims and Compensation",
    "Demarcation of the Line of Contact",
};

constexpr const char* kEnHeadings[] = {
    "Ceasefire",
    "Disengagement of Forces",
    "Withdrawal of Heavy Weapons",
    "Monitoring and Verification",
    "Prisoners of War and Detained Civilians",
    "Humanitarian Access",
    "Return of Displaced Persons",
    "Demining",
    "Economic Reconstruction",
    "Sanctions and Frozen Assets",
    "Security Guarantees",
    "Language and Cultural Rights",
    "The Zaravan Nuclear Power Station",
    "Transport and Ports",
    "Claims Commission",
    "Joint Commission",
    "Settlement of Disputes",
    "Final Provisions",
};

// Russian subjects come with their grammatical number, so that the verb
// agrees: kRuVerbs holds {singular, plural} forms.
struct RuSubject {
  const char* text;
  bool plural;
};

constexpr RuSubject kRuSubjects[] = {
    {"Каждая из Сторон", false},
    {"Миссия по наблюдению", false},
    {"Совместная комиссия", false},
    {"Посредническая группа", false},
    {"Республика Нордланд", false},
    {"Федерация Кестрия", false},
    {"Секретариат", false},
    {"Специальный представитель", false},
    {"Стороны", true},
    {"Государства-гаранты", true},
    {"Вооружённые силы Сторон", true},
    {"Компетентные органы Сторон", true},
};

constexpr const char* kRuVerbs[][2] = {
    {"обеспечивает", "обеспечивают"},
    {"гарантирует", "гарантируют"},
    {"осуществляет", "осуществляют"},
    {"поддерживает", "поддерживают"},
    {"проверяет", "проверяют"},
    {"завершает", "завершают"},
    {"финансирует", "финансируют"},
    {"восстанавливает", "восстанавливают"},
    {"соблюдает", "соблюдают"},
    {"рассматривает", "рассматривают"},
    {"организует", "организуют"},
    {"обязуется обеспечить", "обязуются обеспечить"},
    {"незамедлительно осуществляет", "незамедлительно осуществляют"},
};

constexpr const char* kRuObjects[] = {
    "отвод тяжёлых вооружений от линии соприкосновения",
    "обмен военнопленными по принципу «всех на всех»",
    "безопасное и добровольное возвращение перемещённых лиц",
    "защиту критически важной гражданской инфраструктуры",
    "восстановление железнодорожного и автомобильного сообщения",
    "разминирование сельскохозяйственных угодий",
    "беспрепятственную доставку гуманитарной помощи",
    "работу пунктов пропуска через государственную границу",
    "выплату пенсий и социальных пособий",
    "выполнение мер укрепления доверия",
    "деятельность так называемых «гуманитарных коридоров»",
    "социально-экономическое восстановление пострадавших районов",
    "свободу передвижения Миссии по наблюдению",
    "восстановление школ, больниц и систем водоснабжения",
    "реализацию положений настоящего Соглашения",
    "безопасность Заравской атомной электростанции",
};

constexpr const char* kRuComplements[] = {
    "в соответствии со статьёй {a}",
    "в соответствии с пунктом {p} настоящей статьи",
    "в течение {n} дней с даты вступления в силу настоящего Соглашения",
    "не позднее {d}",
    "под контролем Совместной комиссии",
    "без ущерба для прав третьих государств",
    "на основе взаимности",
    "в пределах зоны шириной {k} километров",
    "на сумму не более {b} евро",
    "сроком на {y} лет",
    "с 00 часов 00 минут {d}",
    "по согласованию с Посреднической группой",
    "в объёме не менее {b} тонн",
    "с ежегодной индексацией на {x} процента",
};

constexpr const char* kRuAsides[] = {
    "действуя на основе консенсуса",
    "в присутствии государств-гарантов",
    "без ущерба для статьи {a}",
    "при участии Посреднической группы",
};

constexpr const char* kRuOther[] = {
    "В настоящем Соглашении термин «{t}» означает линию, описанную в "
    "Приложении I и нанесённую на прилагаемую карту.",
    "Общая численность наблюдателей не может превышать {b} человек, из "
    "которых не более {n} могут находиться в одном секторе.",
    "Сумма в размере {b} евро перечисляется в Фонд восстановления не "
    "позднее {d}.",
    "Ничто в настоящем Соглашении не толкуется как признание изменения "
    "статуса соответствующих территорий.",
};

constexpr const char* kRuTerms[] = {
    "линия соприкосновения",
    "зона безопасности",
    "линия разграничения",
};

constexpr const char* kRuHeadings[] = {
    "Прекращение огня",
    "Разъединение сил",
    "Отвод тяжёлых вооружений",
    "Наблюдение и контроль",
    "Военнопленные и задержанные гражданские лица",
    "Гуманитарный доступ",
    "Возвращение перемещённых лиц",
    "Разминирование",
    "Экономическое восстановление",
    "Гарантии безопасности",
    "Транспорт и порты",
    "Урегулирование споров",
};

constexpr const char* kEnMonths[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

constexpr const char* kRuMonths[] = {
    "января", "февраля", "марта",    "апреля",  "мая",    "июня",
    "июля",   "августа", "сентября", "октября", "ноября", "декабря",
};

constexpr const char* kEnLetters[] = {"a", "b", "c", "d", "e", "f"};
constexpr const char* kRuLetters[] = {"а", "б", "в", "г", "д", "е"};

constexpr int kDays[] = {7, 14, 21, 30, 45, 60, 90, 120, 180};
constexpr int kKilometres[] = {5, 10, 15, 20, 30, 50};
constexpr int kYears[] = {5, 10, 15, 20, 25};

// Percentage of articles written in Russian. Cyrillic letters take two bytes
// in UTF-8, so this gives about a fifth of the bytes (22% at 10 MiB).
constexpr int kRussianArticlePercent = 15;

// "600000" -> "600,000" (English) or "600 000" (Russian).
std::string GroupThousands(uint64_t value, char separator) {
  std::string digits = std::to_string(value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return out;
}

// Joins the pieces. Used instead of "literal" + std::string, for which g++ 12
// at -O3 reports a false -Wrestrict warning.
std::string Concat(std::initializer_list<std::string_view> pieces) {
  size_t size = 0;
  for (std::string_view piece : pieces) size += piece.size();
  std::string out;
  out.reserve(size);
  for (std::string_view piece : pieces) out.append(piece);
  return out;
}

template <typename T, size_t N>
const T& PickFrom(TreatyWriter* writer, const T (&list)[N]) {
  return list[writer->Below(N)];
}

}  // namespace

std::string RenderTreaty(const TreatyDraft& draft) {
  size_t size = draft.head.size() + draft.tail.size();
  for (const TreatyUnit& unit : draft.units) {
    size += unit.number.size() + unit.body.size();
  }
  std::string text;
  text.reserve(size);
  text += draft.head;
  for (const TreatyUnit& unit : draft.units) {
    text += unit.number;
    text += unit.body;
  }
  text += draft.tail;
  return text;
}

TreatyWriter::TreatyWriter(uint64_t seed) : rng_(seed) {}

// The modulo bias is below n / 2^64: irrelevant for word choice.
size_t TreatyWriter::Below(size_t n) { return rng_() % n; }

bool TreatyWriter::Chance(int percent) {
  return Below(100) < static_cast<size_t>(percent);
}

std::string TreatyWriter::Date(Language language) {
  const int day = static_cast<int>(Below(28)) + 1;
  const int month = static_cast<int>(Below(12));
  const int year = 2024 + static_cast<int>(Below(8));
  if (language == Language::kRussian) {
    return std::to_string(day) + " " + kRuMonths[month] + " " +
           std::to_string(year) + " года";
  }
  return std::to_string(day) + " " + kEnMonths[month] + " " +
         std::to_string(year);
}

std::string TreatyWriter::Quantity(Language language) {
  // Spread over magnitudes so that both "1,200" and "12,500,000" occur.
  uint64_t value = 1000 + Below(9000);
  for (size_t extra = Below(3); extra > 0; --extra) value = value * 10;
  if (Chance(50)) value = value / 100 * 100;
  return GroupThousands(value, language == Language::kRussian ? ' ' : ',');
}

std::string TreatyWriter::Expand(std::string_view pattern, Language language) {
  const bool ru = language == Language::kRussian;
  std::string out;
  out.reserve(pattern.size() + 16);
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{' || i + 2 >= pattern.size() || pattern[i + 2] != '}') {
      out += pattern[i];
      continue;
    }
    const char code = pattern[i + 1];
    i += 2;
    switch (code) {
      case 'n':
        out += std::to_string(PickFrom(this, kDays));
        break;
      case 'k':
        out += std::to_string(PickFrom(this, kKilometres));
        break;
      case 'y':
        out += std::to_string(PickFrom(this, kYears));
        break;
      case 'a':
        out += std::to_string(Below(30) + 1);
        break;
      case 'p':
        out += std::to_string(Below(9) + 1);
        break;
      case 'l':
        out += ru ? PickFrom(this, kRuLetters) : PickFrom(this, kEnLetters);
        break;
      case 'd':
        out += Date(language);
        break;
      case 'b':
        out += Quantity(language);
        break;
      case 'x':
        out += std::to_string(Below(10)) + (ru ? "," : ".") +
               std::to_string(Below(99) + 1);
        break;
      case 't':
        out += ru ? PickFrom(this, kRuTerms) : PickFrom(this, kEnTerms);
        break;
      default:
        out.append(pattern.substr(i - 2, 3));
        break;
    }
  }
  return out;
}

// The part of a sentence after its subject and verb: an object and up to two
// complements ("the exchange of ... within 30 days ..., on the basis of
// reciprocity").
std::string TreatyWriter::Clause(Language language) {
  const bool ru = language == Language::kRussian;
  std::string clause =
      ru ? PickFrom(this, kRuObjects) : PickFrom(this, kEnObjects);
  const size_t complements = Below(3);
  const size_t choices =
      ru ? std::size(kRuComplements) : std::size(kEnComplements);
  size_t first = 0;
  for (size_t i = 0; i < complements; ++i) {
    // The second complement differs from the first.
    const size_t pick =
        i == 0 ? Below(choices) : (first + 1 + Below(choices - 1)) % choices;
    if (i == 0) first = pick;
    clause += i == 0 ? " " : ", ";
    clause += ru ? kRuComplements[pick] : kEnComplements[pick];
  }
  return Expand(clause, language);
}

// "The Parties shall ensure", "Стороны — при участии ... — обеспечивают".
std::string TreatyWriter::SubjectAndVerb(Language language) {
  const bool ru = language == Language::kRussian;
  std::string words;
  bool plural = true;
  if (ru) {
    const RuSubject& subject = PickFrom(this, kRuSubjects);
    words = subject.text;
    plural = subject.plural;
  } else {
    words = PickFrom(this, kEnSubjects);
  }
  if (Chance(10)) {
    words += " \u2014 ";
    words += Expand(ru ? PickFrom(this, kRuAsides) : PickFrom(this, kEnAsides),
                    language);
    words += " \u2014";
  }
  words += ' ';
  if (ru) {
    words += PickFrom(this, kRuVerbs)[plural ? 1 : 0];
  } else {
    words += PickFrom(this, kEnModals);
    words += ' ';
    words += PickFrom(this, kEnVerbs);
  }
  return words;
}

std::string TreatyWriter::Sentence(Language language) {
  const bool ru = language == Language::kRussian;
  if (Chance(12)) {
    return Expand(ru ? PickFrom(this, kRuOther) : PickFrom(this, kEnOther),
                  language);
  }
  return SubjectAndVerb(language) + " " + Clause(language) + ".";
}

std::string TreatyWriter::Paragraph(Language language, int sentences) {
  std::string paragraph;
  for (int i = 0; i < sentences; ++i) {
    if (i > 0) paragraph += ' ';
    paragraph += Sentence(language);
  }
  return paragraph;
}

std::string TreatyWriter::Head() {
  std::string head =
      "Treaty on Peace, Security and Cooperation between the Republic of "
      "Norland and the Federation of Kestria\n\n"
      "Consolidated negotiating text \u2014 revision of " +
      Date(Language::kEnglish) +
      "\n\n"
      "The Republic of Norland and the Federation of Kestria (hereinafter "
      "\u201cthe Parties\u201d),\n\n";
  const size_t recitals = 4 + Below(4);
  for (size_t i = 0; i < recitals; ++i) {
    head += PickFrom(this, kEnRecitals);
    head += ' ';
    head += Clause(Language::kEnglish);
    head += ",\n\n";
  }
  head += "Have agreed as follows:\n\n";
  return head;
}

std::string TreatyWriter::Closing() {
  return Concat(
      {"Done at Valmora on ", Date(Language::kEnglish),
       ", in two originals, each in the English and Russian languages, "
       "both texts being equally authentic.\n\n"
       "For the Republic of Norland: ____________\n\n"
       "For the Federation of Kestria: ____________\n"});
}

TreatyUnit TreatyWriter::ProtocolHeading(int number) {
  TreatyUnit unit;
  unit.kind = TreatyUnit::Kind::kHeading;
  unit.depth = 0;
  unit.body = Concat({"Protocol ", std::to_string(number), " on ",
                      PickFrom(this, kEnProtocols), "\n\n"});
  return unit;
}

TreatyUnit TreatyWriter::Article(Language language, int number) {
  TreatyUnit unit;
  unit.kind = TreatyUnit::Kind::kArticle;
  unit.russian = language == Language::kRussian;
  unit.depth = 0;
  if (unit.russian) {
    unit.number = Concat({"Статья ", std::to_string(number), "."});
    unit.body = Concat({" ", PickFrom(this, kRuHeadings), "\n\n"});
  } else {
    unit.number = Concat({"Article ", std::to_string(number)});
    unit.body = Concat({"\n", PickFrom(this, kEnHeadings), "\n\n"});
  }
  return unit;
}

// The line that introduces a list of sub-points: "The Parties shall ensure
// the following:".
std::string TreatyWriter::ListIntro(Language language) {
  return SubjectAndVerb(language) +
         (language == Language::kRussian ? ":" : " the following:");
}

void TreatyWriter::AddLetters(Language language, TreatyDraft* draft) {
  const bool ru = language == Language::kRussian;
  const size_t count = 2 + Below(4);
  for (size_t i = 0; i < count; ++i) {
    TreatyUnit unit;
    unit.kind = TreatyUnit::Kind::kLetter;
    unit.russian = ru;
    unit.depth = 2;
    unit.number =
        ru ? Concat({kRuLetters[i], ")"}) : Concat({"(", kEnLetters[i], ")"});
    unit.body = Concat({" ", Clause(language), i + 1 < count ? ";\n" : ".\n"});
    draft->units.push_back(std::move(unit));
  }
}

void TreatyWriter::AddBullets(Language language, TreatyDraft* draft) {
  const bool ru = language == Language::kRussian;
  const size_t count = 2 + Below(4);
  for (size_t i = 0; i < count; ++i) {
    TreatyUnit unit;
    unit.kind = TreatyUnit::Kind::kBullet;
    unit.russian = ru;
    unit.depth = 2;
    unit.number = ru && Chance(50) ? "\u2014" : "-";
    unit.body = Concat({" ", Clause(language), i + 1 < count ? ";\n" : ".\n"});
    draft->units.push_back(std::move(unit));
  }
  if (Chance(40)) {  // an unnumbered closing paragraph
    draft->units.back().body += Paragraph(language, 1) + "\n";
  }
}

void TreatyWriter::AddSubNumbers(Language language, int number,
                                 TreatyDraft* draft) {
  const bool dotted = Chance(50);  // "3.1." or "3.1"
  const size_t count = 2 + Below(3);
  for (size_t i = 0; i < count; ++i) {
    TreatyUnit unit;
    unit.kind = TreatyUnit::Kind::kSubNumber;
    unit.russian = language == Language::kRussian;
    unit.depth = 2;
    unit.number = std::to_string(number) + "." + std::to_string(i + 1) +
                  (dotted ? "." : "");
    unit.body = Concat(
        {" ", Paragraph(language, 1 + static_cast<int>(Below(2))), "\n"});
    draft->units.push_back(std::move(unit));
  }
}

void TreatyWriter::AddPoint(Language language, int number, TreatyDraft* draft) {
  TreatyUnit point;
  point.kind = TreatyUnit::Kind::kPoint;
  point.russian = language == Language::kRussian;
  point.depth = 1;
  point.number = std::to_string(number) + ".";
  const size_t shape = Below(100);
  if (shape < 15) {
    point.body = Concat({" ", ListIntro(language), "\n"});
    draft->units.push_back(std::move(point));
    AddLetters(language, draft);
  } else if (shape < 25) {
    point.body = Concat({" ", ListIntro(language), "\n"});
    draft->units.push_back(std::move(point));
    AddBullets(language, draft);
  } else if (shape < 35) {
    point.body = Concat({" ", Paragraph(language, 1), "\n"});
    draft->units.push_back(std::move(point));
    AddSubNumbers(language, number, draft);
  } else {
    point.body = Concat(
        {" ", Paragraph(language, 1 + static_cast<int>(Below(4))), "\n"});
    if (Chance(15)) {  // a second paragraph, now and then led by a number
      point.body += "\n";
      if (Chance(30)) {
        point.body += Expand(language == Language::kRussian
                                 ? "{x} млн человек остаются перемещёнными "
                                   "лицами. "
                                 : "{x} million displaced persons remain "
                                   "registered. ",
                             language);
      }
      point.body += Paragraph(language, 1 + static_cast<int>(Below(2))) + "\n";
    }
    draft->units.push_back(std::move(point));
  }
  draft->units.back().body += "\n";  // a blank line between points
}

TreatyDraft TreatyWriter::Draft(size_t min_bytes) {
  TreatyDraft draft;
  draft.head = Head();
  draft.tail = Closing();
  size_t size = draft.head.size() + draft.tail.size();
  int article = 0;
  int protocol = 0;
  // Articles left in the treaty or protocol. A long text is a treaty with
  // protocols, each numbering its articles from 1, as real ones do: article
  // numbers stay far below 1000, where a parser may take "2027." for a year.
  int articles_left = 100 + static_cast<int>(Below(100));
  while (size < min_bytes) {
    const size_t first = draft.units.size();
    if (articles_left == 0) {
      draft.units.push_back(ProtocolHeading(++protocol));
      article = 0;
      articles_left = 40 + static_cast<int>(Below(80));
    }
    --articles_left;
    const Language language = Chance(kRussianArticlePercent)
                                  ? Language::kRussian
                                  : Language::kEnglish;
    draft.units.push_back(Article(language, ++article));
    const int points = 2 + static_cast<int>(Below(7));
    for (int point = 1; point <= points; ++point) {
      AddPoint(language, point, &draft);
    }
    for (size_t i = first; i < draft.units.size(); ++i) {
      size += draft.units[i].number.size() + draft.units[i].body.size();
    }
  }
  return draft;
}

std::string MakeTreatyText(size_t bytes, uint64_t seed) {
  if (bytes == 0) return std::string();
  TreatyWriter writer(seed);
  std::string text = RenderTreaty(writer.Draft(bytes));
  // Cut after the last whole line that fits, then fill up to the exact size
  // with one line of plain ASCII words, so the text stays valid UTF-8.
  const size_t last_newline = text.rfind('\n', bytes - 1);
  const size_t kept = last_newline == std::string::npos ? 0 : last_newline + 1;
  text.resize(kept);
  static constexpr std::string_view kFiller =
      "The Parties shall consult each other in good faith on any matter "
      "arising from the interpretation of this Treaty. ";
  while (text.size() + 1 < bytes) {
    text.append(kFiller.substr(0, bytes - 1 - text.size()));
  }
  if (text.size() < bytes) text += '\n';
  return text;
}

}  // namespace redline
