"""Question kinds and the GIFT format, below every feature: no database, no request handling.

- gift.py, gift_writer.py: read and write GIFT (gift_syntax.py: escapes and [format]
  prefixes; gift_answers.py: the answer block); weights.py: Moodle's grade list;
  numbers.py: numbers as GIFT writes them.
- kinds.py: KINDS, the one registry of question kinds; base.py: what the kinds share.
- checks.py: what makes each kind's answers sound; forms.py, rows.py: the editor forms.
- plan.py: how many questions of each competency a test draws, and the drawing itself.

The features (learning, quizzes, content, questionbank, authoring) import this package; it
imports none of them (tests/questions/test_registry.py holds it to that).

Adding a question kind:
1. Write its class in kinds.py, a subclass of base.Kind (or of the kind it resembles), and put
   an instance in the tuple that builds KINDS. The class gives its `name` (the GIFT/Moodle type
   word), `label` and `hint` for the editor, its editor `form` (a forms.QuestionForm subclass
   whose `kind` is the same name), its `widget`, and overrides what differs: `present`,
   `read_response`, `grade`, `feedback`, `answer_problems` (a function in checks.py),
   `chosen` and `tallies_options` if item analysis should count its options, `option_label`
   and `option_html` if its answers are not shown by their text, and `demo_responses`.
2. Write its template, templates/questions/<name>.html, with two macros: `editor(form)`, the
   answer fields of the form, and `key(data, kind)`, the answer key shown to trainers.
3. If the learner answers with a form control not drawn yet, add that widget to
   templates/quizzes/_fields.html and _answer.html; if GIFT or Moodle XML can carry the kind,
   teach gift.py, gift_writer.py and questionbank/moodle_xml.py to read and write it.
4. Translate the new strings (see the README) and run tests/questions: it checks that every
   registered kind has all of the above.
"""
