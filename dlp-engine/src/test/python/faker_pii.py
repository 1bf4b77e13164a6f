#!/usr/bin/env python3
"""PII sentences for FakerPiiProbeTest: the dev file's templates filled with Faker values from 28 locales.

A probe of how the PII recognizers generalise beyond presidio-synth-dev.json (whose held-out split comes from the same
kind of generator): new values, mostly phone numbers in other locales' formats. Needs Python 3 and Faker (Debian:
python3-fake-factory). Writes JSON in the dev file's shape, with each gold span's locale:

    python3 dlp-engine/src/test/python/faker_pii.py [sentences] [seed] [phones.csv] > dlp-engine/target/faker-pii.json

phones.csv (optional): presidio-research's presidio_evaluator/data_generator/raw_data/FakeNameGenerator.com_3000.csv.
Its generator fills {{phone_number}} from that file's records (TelephoneNumber, 30 countries): 30 of the dev file's 34
phone numbers are in it. With it, each phone number is one of its records' (the record's Country as the locale) and
every other value comes from Faker as without it. The file is not part of this repository; fetch it from
presidio-research when you want that probe.

IBAN_CODE spans are not written: Debian's Faker 0.9.3 generates GB, FR and PL IBANs of the wrong length (21, 28 and
30 chars), which no validating recognizer accepts.
"""
import csv
import json
import os
import random
import re
import sys

from faker import Faker

SCORED = {'PHONE_NUMBER', 'CREDIT_CARD', 'US_SSN', 'IP_ADDRESS', 'EMAIL_ADDRESS'}
LOCALES = ['en_US', 'en_GB', 'en_AU', 'en_CA', 'en_NZ', 'de_DE', 'fr_FR', 'fr_CH', 'it_IT', 'nl_NL', 'nl_BE', 'es_ES',
           'es_MX', 'pt_BR', 'pt_PT', 'sv_SE', 'no_NO', 'dk_DK', 'fi_FI', 'pl_PL', 'cs_CZ', 'hu_HU', 'hi_IN', 'ja_JP',
           'ru_RU', 'tr_TR', 'he_IL', 'el_GR']


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 4000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    rnd = random.Random(seed)
    phones = None
    if len(sys.argv) > 3:
        with open(sys.argv[3], encoding='utf-8-sig') as f:
            phones = [(r['TelephoneNumber'], r['Country']) for r in csv.DictReader(f) if r['TelephoneNumber']]
    shared = os.environ.get('CANOPY_SHARED_DIR', os.path.join(os.path.dirname(__file__), '../../../../../shared'))
    with open(os.path.join(shared, 'datasets/pii/presidio-synth-dev.json')) as f:
        templates = [item['masked'] for item in json.load(f)]
    templates = [t for t in templates if any('{{%s}}' % k in t for k in SCORED)]
    fakers = {}
    for i, loc in enumerate(LOCALES):
        fakers[loc] = Faker(loc)
        fakers[loc].seed_instance(seed * 1000 + i)
    us = fakers['en_US']
    plain = {'PERSON': us.name, 'GPE': us.city, 'STREET_ADDRESS': us.street_address, 'ORGANIZATION': us.company,
             'DATE_TIME': us.date, 'TITLE': us.prefix, 'DOMAIN_NAME': us.domain_name, 'IBAN_CODE': us.iban,
             'AGE': lambda: str(rnd.randint(18, 90)), 'US_DRIVER_LICENSE': lambda: 'A%07d' % rnd.randint(0, 9999999),
             'NRP': lambda: rnd.choice(['French', 'Kenyan', 'Peruvian', 'Thai'])}
    out = []
    while len(out) < count:
        template = rnd.choice(templates)
        loc = rnd.choice(LOCALES)
        f = fakers[loc]
        scored = {'PHONE_NUMBER': f.phone_number, 'CREDIT_CARD': us.credit_card_number, 'US_SSN': us.ssn,
                  'IP_ADDRESS': lambda: us.ipv6() if rnd.random() < 0.12 else us.ipv4(), 'EMAIL_ADDRESS': f.email}
        text, spans, pos = '', [], 0
        for m in re.finditer(r'\{\{(\w+)\}\}', template):
            text += template[pos:m.start()]
            kind = m.group(1)
            value = scored[kind]() if kind in scored else plain.get(kind, us.word)()
            value_locale = loc
            if kind == 'PHONE_NUMBER' and phones:
                value, value_locale = rnd.choice(phones)
            if kind in scored:
                spans.append({'entity_type': kind, 'entity_value': value, 'start_position': len(text),
                              'end_position': len(text) + len(value), 'locale': value_locale})
            text += value
            pos = m.end()
        text += template[pos:]
        out.append({'full_text': text, 'spans': spans})
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
