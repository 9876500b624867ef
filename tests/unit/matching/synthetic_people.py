"""Synthetic people for matching tests and benchmarks: diverse names, skewed like real registers.

Names are drawn with Zipf-like weights so common names (Smith, Khan, Mohammed, Sarah) repeat as
they do in a real register. Nobody here is a real person.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from marac_desktop.domain.people import Alias, DobPrecision
from marac_desktop.matching import PersonRecord


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FAMILY_NAMES = _names(
    "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson "
    "Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson "
    "Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen "
    "Khan Ali Ahmed Hussain Begum Rahman Islam Uddin Miah Akhtar Bibi Chowdhury Iqbal Malik Shah "
    "Singh Kaur Sandhu Gill Sharma Kumar Mistry Nowak Kowalski Kowalska Wisniewski Wojcik "
    "Kowalczyk Kaminski Lewandowski Zielinski Szymanski Popescu Ionescu Popa Kazlauskas "
    "Jankauskas Petrov Ivanova Shevchenko Abdi Farah Mohamed Omar Yusuf Osman Warsame Jama "
    "Okafor Adeyemi Okonkwo Eze Nwosu Bello Mensah Owusu Boateng Asante Osei Nguyen Tran Le Pham "
    "Wang Li Zhang Chen Liu Wong Chan Yilmaz Kaya Demir Sahin Celik Silva Santos Ferreira "
    "Pereira Costa Oliveira Rodrigues Murphy Kelly OSullivan Walsh OBrien Byrne Ryan Doyle "
    "McDonald Campbell Stewart Reid MacLeod Fraser Grant Griffiths Price Rees Lloyd Jenkins "
    "Bailey Campbell Grant Francis Bennett Mitchell Dawson Fletcher Marriott Holloway Ashworth "
    "Caldwell Pritchard Lomax Thornton Whitlock Ferris Quinn Sutcliffe Gallagher Drummond"
)
GIVEN_NAMES = _names(
    "Sarah Emma Jessica Laura Amy Emily Hannah Rebecca Charlotte Sophie Lauren Chloe Olivia "
    "Amelia Gemma Kelly Stacey Zoe Samantha Jade Amanda Helen Joanne Julie Tracey Claire Nicola "
    "Michelle Lisa Karen Susan Margaret Mary Elizabeth Catherine Rachel Natalie Leanne Kirsty "
    "Fatima Aisha Ayesha Khadija Zainab Amina Maryam Nasreen Rukhsana Shamima Rahima Sultana "
    "Nadia Samira Yasmin Leila Hodan Hibo Fadumo Asha Sahra Mohammed Muhammad Ahmed Ali Hassan "
    "Hussain Imran Tariq Bilal Hamza Yusuf Omar Ibrahim Abdullahi Abdirahman Gurpreet Harpreet "
    "Manpreet Jaswinder Priya Sunita Rajesh Sandeep Katarzyna Agnieszka Anna Magdalena "
    "Aleksandra Joanna Ewa Malgorzata Piotr Tomasz Krzysztof Pawel Marcin Lukasz Andreea "
    "Elena Ioana Mihaela Ion Andrei Egle Ruta Tomas Olena Iryna Oksana Dmitry Ngozi Chiamaka "
    "Oluwaseun Adebayo Chinedu Emeka Kwame Kofi Akosua Abena Ama Linh Huong Lan Minh Anh Wei "
    "Ming Xiaoming Na Mehmet Ayse Fatma Emine Ana Joao Maria Siobhan Niamh Aoife Sean Patrick "
    "Liam Ciaran Eilidh Morag Callum Rhys Sian Carys Megan Bethan Dylan Leroy Marcia Jermaine "
    "Shanice Keisha Tyrone David John Michael Daniel Thomas Paul Mark Andrew Richard Robert "
    "Christopher Matthew Stephen Peter Lee Ryan Adam Joshua James Jack Oliver Harry"
)


def _zipf_weights(count: int) -> list[float]:
    return [1.0 / (rank + 1) ** 0.5 for rank in range(count)]


class PeopleGenerator:
    """Deterministic synthetic people for a seed."""

    def __init__(self, seed: int = 2026) -> None:
        self._rng = random.Random(seed)
        self._family_weights = _zipf_weights(len(FAMILY_NAMES))
        self._given_weights = _zipf_weights(len(GIVEN_NAMES))

    def _family(self) -> str:
        name = self._rng.choices(FAMILY_NAMES, self._family_weights)[0]
        if self._rng.random() < 0.03:
            other = self._rng.choices(FAMILY_NAMES, self._family_weights)[0]
            name = f"{name}-{other}"
        return name

    def _given(self) -> str:
        name = self._rng.choices(GIVEN_NAMES, self._given_weights)[0]
        if self._rng.random() < 0.2:
            name += " " + self._rng.choices(GIVEN_NAMES, self._given_weights)[0]
        return name

    def _dob(self) -> tuple[date | None, DobPrecision]:
        roll = self._rng.random()
        if roll < 0.05:
            return None, DobPrecision.DAY
        day = date(1940, 1, 1) + timedelta(days=self._rng.randrange(25_000))
        if roll < 0.10:
            return date(day.year, 1, 1), DobPrecision.YEAR
        return day, DobPrecision.DAY

    def person(self, record_id: int) -> PersonRecord:
        dob, precision = self._dob()
        aliases: tuple[Alias, ...] = ()
        given = self._given()
        if self._rng.random() < 0.05:
            aliases = (Alias(self._family(), given.split()[0]),)
        return PersonRecord(record_id, self._family(), given, dob, precision, aliases)

    def people(self, count: int, first_id: int = 1) -> Iterator[PersonRecord]:
        for offset in range(count):
            yield self.person(first_id + offset)
