/**
 * Street names from word lists, drawn with the seeded generator. The words are invented or
 * generic on purpose: Harbor City sits where a real city is, and real street names there
 * would make the made-up layout look like a wrong map of that city.
 */
import { type Random, shuffled } from '../prng';

const TREES = [
  'Alder', 'Aspen', 'Bayberry', 'Birch', 'Buckeye', 'Cedar', 'Chestnut', 'Cottonwood', 'Dogwood', 'Elder',
  'Elm', 'Fir', 'Hawthorn', 'Hazel', 'Hemlock', 'Holly', 'Hornbeam', 'Juniper', 'Larch', 'Laurel',
  'Linden', 'Locust', 'Madrone', 'Magnolia', 'Maple', 'Mulberry', 'Myrtle', 'Olive', 'Osage', 'Pecan',
  'Persimmon', 'Pine', 'Poplar', 'Quince', 'Rowan', 'Sassafras', 'Spruce', 'Sumac', 'Sycamore', 'Tamarack',
  'Tupelo', 'Walnut', 'Willow', 'Yew',
];

const SURNAMES = [
  'Abbott', 'Ashby', 'Barlow', 'Bellamy', 'Calder', 'Corwin', 'Dunmore', 'Ellery', 'Fairbanks', 'Garland',
  'Halloway', 'Hartwell', 'Ingram', 'Jessup', 'Kendrick', 'Langley', 'Merritt', 'Norwood', 'Osgood', 'Pemberton',
  'Prescott', 'Quimby', 'Radcliffe', 'Sterling', 'Thornton', 'Underhill', 'Vickers', 'Whitmore', 'Yardley', 'Ainsley',
  'Brannock', 'Carrow', 'Delancey', 'Everly', 'Finchley', 'Gideon', 'Hollis', 'Keating', 'Lockridge', 'Marlow',
];

const GRAND = [
  'Lighthouse', 'Meridian', 'Commonwealth', 'Tidewater', 'Anchor', 'Beacon', 'Summit', 'Crescent', 'Foundry',
  'Clipper', 'Founders', 'Halyard', 'Granite', 'Starboard', 'Regent',
];

const MINOR_SUFFIXES = ['Street', 'Street', 'Street', 'Avenue', 'Way', 'Place', 'Terrace', 'Lane'];
const GRAND_SUFFIXES = ['Avenue', 'Boulevard', 'Street'];

/** English ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st … */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** Draws names without repeats until a list runs out, then reuses words with another suffix. */
export interface StreetNamer {
  /** An ordinary street: "Hazel Street", "Linden Terrace". */
  tree(): string;
  /** A street named after a person: "Calder Street". */
  person(suffix?: string): string;
  /** An arterial: "Meridian Boulevard". */
  grand(): string;
  /** A cul-de-sac: "Osgood Court". */
  court(): string;
}

/** Creates a namer; all choices come from `random`, so names are part of the deterministic output. */
export function createStreetNamer(random: Random): StreetNamer {
  const cursor = (words: readonly string[]) => {
    const order = shuffled(random, words);
    let i = 0;
    return () => {
      const word = order[i % order.length] as string;
      const round = Math.floor(i / order.length);
      i++;
      return { word, round };
    };
  };
  const trees = cursor(TREES);
  const people = cursor(SURNAMES);
  const grand = cursor(GRAND);
  const courts = cursor(SURNAMES.slice().reverse());
  const suffix = (list: readonly string[], round: number): string =>
    list[(Math.floor(random() * list.length) + round) % list.length] as string;

  return {
    tree() {
      const { word, round } = trees();
      return `${word} ${round === 0 ? suffix(MINOR_SUFFIXES, 0) : ['Way', 'Lane', 'Place'][round % 3]}`;
    },
    person(fixed) {
      const { word, round } = people();
      return `${word} ${fixed ?? (round === 0 ? 'Street' : 'Avenue')}`;
    },
    grand() {
      const { word, round } = grand();
      return `${word} ${suffix(GRAND_SUFFIXES, round)}`;
    },
    court() {
      const { word } = courts();
      return `${word} Court`;
    },
  };
}
