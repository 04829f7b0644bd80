import type { Fact, ReferenceKind } from './steps.js';
import { FACT_WORDS, REFERENCE_WORDS } from './steps.js';
import type { WordsLanguage } from './settings-words.js';

/**
 * The graph's problems in the designer's words, in one language: the checks of each piece and the
 * proof on publish. A step is named as the canvas names it (its label, else its type's title in the
 * same language), an outcome by its label; `path` is a way through the graph in those words.
 */
export interface FlowWords {
  missingStep: string;
  duplicateNode: (id: string) => string;
  missingStart: string;
  unknownType: (type: string) => string;
  invalidSettings: (step: string, problem: string) => string;
  edgeFromNowhere: string;
  edgeToNowhere: (step: string) => string;
  terminalHasEdges: (step: string) => string;
  unknownOutcome: (step: string) => string;
  connectedTwice: (outcome: string, step: string) => string;
  unwired: (outcome: string, step: string) => string;
  unreachable: (step: string) => string;
  neverEnds: (step: string, path: string) => string;
  noSuccess: string;
  successWithoutUser: (step: string, path: string) => string;
  needsAtStart: (step: string, fact: Fact) => string;
  needsOnTheWay: (step: string, fact: Fact, path: string) => string;
  cycle: (path: string) => string;
  unknownReference: (step: string, kind: ReferenceKind, id: string) => string;
  stepUp: (app: string, step: string, reached: string, required: string, path: string) => string;
  subflowCycle: (step: string, chain: string) => string;
  /** The assurance levels, by their acr value. */
  levels: Record<string, string>;
}

const FACT_WORDS_ID: Record<Fact, { needs: string; missing: string }> = {
  user: { needs: 'seseorang yang sudah masuk', missing: 'tidak ada langkah sebelumnya yang memasukkan orang itu' },
  email: { needs: 'alamat email', missing: 'tidak ada langkah sebelumnya yang meminta alamat email' },
  'new-email': { needs: 'alamat email baru', missing: 'tidak ada langkah sebelumnya yang meminta alamat email baru' },
  'email-verified': { needs: 'alamat email yang terverifikasi', missing: 'tidak ada langkah sebelumnya yang memverifikasi alamat email' },
  consent: { needs: 'jawaban persetujuan orang itu', missing: 'tidak ada langkah persetujuan sebelumnya' },
  'social-pending': { needs: 'akun sosial yang menunggu ditautkan', missing: 'tidak ada langkah masuk dengan akun sosial sebelumnya yang meminta penautan akun' },
};

const REFERENCE_WORDS_ID: Record<ReferenceKind, string> = {
  'consent-purpose': 'tujuan persetujuan',
  'social-connection': 'koneksi masuk sosial',
  attribute: 'atribut profil',
  journey: 'perjalanan',
  'http-secret': 'rahasia API',
};

const WORDS: Record<WordsLanguage, FlowWords> = {
  en: {
    missingStep: 'a missing step',
    duplicateNode: (id) => `Two steps have the id "${id}"; ids must be unique.`,
    missingStart: 'The step the journey starts at no longer exists; choose another start step.',
    unknownType: (type) => `A step has an unknown type "${type}".`,
    invalidSettings: (step, problem) => `Step ${step}: ${problem}`,
    edgeFromNowhere: 'A connection leaves a step that no longer exists; remove it.',
    edgeToNowhere: (step) => `A connection from ${step} leads to a step that no longer exists; connect it again.`,
    terminalHasEdges: (step) => `Step ${step} ends the flow, so it cannot lead anywhere.`,
    unknownOutcome: (step) => `A connection leaves ${step} by an outcome the step no longer has; remove that connection.`,
    connectedTwice: (outcome, step) => `Outcome ${outcome} of step ${step} is connected twice; connect it to one step.`,
    unwired: (outcome, step) => `Outcome ${outcome} of step ${step} is not connected to a next step.`,
    unreachable: (step) => `Step ${step} cannot be reached from the start.`,
    neverEnds: (step, path) => `The journey never ends once it reaches ${step}: no way from it leads to a Success or Failure step (${path}).`,
    noSuccess: 'No path of this flow reaches a "Success" end step.',
    successWithoutUser: (step, path) => `The journey can reach ${step} without signing anyone in: ${path}.`,
    needsAtStart: (step, fact) => `Step ${step} needs ${FACT_WORDS[fact].needs}, but the journey starts with it, so ${FACT_WORDS[fact].missing}.`,
    needsOnTheWay: (step, fact, path) => `Step ${step} needs ${FACT_WORDS[fact].needs}, but on this way ${FACT_WORDS[fact].missing}: ${path}.`,
    cycle: (path) => `These steps go round without waiting for the person, so the journey would never stop: ${path}. Put a step that shows a page in the loop, or lead one outcome out of it.`,
    unknownReference: (step, kind, id) => `Step ${step} names the ${REFERENCE_WORDS[kind]} "${id}", which does not exist.`,
    stepUp: (app, step, reached, required, path) =>
      `People signing in to "${app}" this way reach ${step} with ${reached}, below the ${required} the app requires, so they will be asked for more (step-up): ${path}.`,
    subflowCycle: (step, chain) => `Step ${step} runs journeys that run this journey again (${chain}): a journey cannot run itself.`,
    levels: { 'urn:gerbang:loa:1': 'one factor', 'urn:gerbang:loa:2': 'two factors of different kinds', 'urn:gerbang:loa:3': 'a passkey' },
  },
  id: {
    missingStep: 'langkah yang tidak ada',
    duplicateNode: (id) => `Dua langkah memiliki id "${id}"; id harus unik.`,
    missingStart: 'Langkah awal perjalanan ini sudah tidak ada; pilih langkah awal lain.',
    unknownType: (type) => `Sebuah langkah memiliki jenis yang tidak dikenal "${type}".`,
    invalidSettings: (step, problem) => `Langkah ${step}: ${problem}`,
    edgeFromNowhere: 'Sebuah sambungan berangkat dari langkah yang sudah tidak ada; hapus sambungan itu.',
    edgeToNowhere: (step) => `Sebuah sambungan dari ${step} menuju langkah yang sudah tidak ada; hubungkan lagi.`,
    terminalHasEdges: (step) => `Langkah ${step} mengakhiri perjalanan, jadi tidak dapat menuju ke mana pun.`,
    unknownOutcome: (step) => `Sebuah sambungan berangkat dari ${step} lewat hasil yang sudah tidak dimiliki langkah itu; hapus sambungan itu.`,
    connectedTwice: (outcome, step) => `Hasil ${outcome} dari langkah ${step} terhubung dua kali; hubungkan ke satu langkah saja.`,
    unwired: (outcome, step) => `Hasil ${outcome} dari langkah ${step} belum terhubung ke langkah berikutnya.`,
    unreachable: (step) => `Langkah ${step} tidak dapat dicapai dari awal.`,
    neverEnds: (step, path) => `Perjalanan tidak pernah berakhir setelah mencapai ${step}: tidak ada jalan darinya menuju langkah Berhasil atau Gagal (${path}).`,
    noSuccess: 'Tidak ada jalur perjalanan ini yang mencapai langkah akhir "Berhasil".',
    successWithoutUser: (step, path) => `Perjalanan dapat mencapai ${step} tanpa memasukkan siapa pun: ${path}.`,
    needsAtStart: (step, fact) => `Langkah ${step} memerlukan ${FACT_WORDS_ID[fact].needs}, tetapi perjalanan dimulai dengan langkah itu, jadi ${FACT_WORDS_ID[fact].missing}.`,
    needsOnTheWay: (step, fact, path) => `Langkah ${step} memerlukan ${FACT_WORDS_ID[fact].needs}, tetapi di jalur ini ${FACT_WORDS_ID[fact].missing}: ${path}.`,
    cycle: (path) =>
      `Langkah-langkah ini berputar tanpa menunggu orang itu, jadi perjalanan tidak akan pernah berhenti: ${path}. Sisipkan langkah yang menampilkan halaman di putaran itu, atau arahkan satu hasil keluar darinya.`,
    unknownReference: (step, kind, id) => `Langkah ${step} menyebut ${REFERENCE_WORDS_ID[kind]} "${id}", yang tidak ada.`,
    stepUp: (app, step, reached, required, path) =>
      `Orang yang masuk ke "${app}" lewat jalur ini mencapai ${step} dengan ${reached}, di bawah ${required} yang diwajibkan aplikasi, jadi mereka akan diminta bukti tambahan (verifikasi tambahan): ${path}.`,
    subflowCycle: (step, chain) => `Langkah ${step} menjalankan perjalanan yang menjalankan perjalanan ini lagi (${chain}): sebuah perjalanan tidak dapat menjalankan dirinya sendiri.`,
    levels: { 'urn:gerbang:loa:1': 'satu faktor', 'urn:gerbang:loa:2': 'dua faktor dari jenis berbeda', 'urn:gerbang:loa:3': 'passkey' },
  },
};

/** The graph's problem words in a language (English for one they are not said in). */
export const flowWords = (lang: string = 'en'): FlowWords => WORDS[lang as WordsLanguage] ?? WORDS.en;
