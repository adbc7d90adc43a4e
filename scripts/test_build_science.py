"""Tests for build_science.py: which tortured phrases become auto rules and which are flags."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_science as b  # noqa: E402


class Classify(unittest.TestCase):
    def test_drop_in_term_is_auto(self):
        self.assertEqual(b.classify("surface region", "surface area"), ("surface area", "auto", None))

    def test_glosses_are_flags(self):
        for correct in ["[neural network] layer outputs", "crow search algorithm ?",
                        "machine learning\u00a0(in this context)", "rythm pattern (?)"]:
            self.assertEqual(b.classify("x y", correct)[1], "flag", correct)

    def test_explanatory_parenthesis_is_flag(self):
        self.assertEqual(b.classify("into the combination", "into (reaction) mixture")[1], "flag")

    def test_trailing_abbreviation(self):
        self.assertEqual(b.classify("place of interest", "region of interest (roi)")[:2],
                         ("region of interest", "auto"))
        self.assertEqual(b.classify("synthetic intelligence (ai)", "artificial intelligence (ai)")[:2],
                         ("artificial intelligence (AI)", "auto"))

    def test_output_is_deterministic_and_attributed(self):
        data = {"version": "1", "lastUpdated": "d", "phrases": [
            {"tortured": "b thing", "correct": "b item"},
            {"tortured": "a  thing", "correct": "a item"},
            {"tortured": "A thing", "correct": "a item"},
        ]}
        text = b.build(data)
        self.assertEqual(text, b.build(data))
        self.assertIn("CC BY 4.0", text)
        self.assertEqual(text.count("  - id:"), 2)
        self.assertLess(text.index('"a thing"'), text.index('"b thing"'))


if __name__ == "__main__":
    unittest.main()
