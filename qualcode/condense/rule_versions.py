"""Versions of the rules cached results depend on, importable without spaCy.

A warm `code auto` reads everything from the token cache and never builds a pipeline; it
still needs these versions to find its cache entries, and importing spaCy just for them
would cost about a second of every such run.
"""

# Bump when a lemma rule changes (`qualcode.condense.nlp`, `qualcode.condense.indonesian`,
# `qualcode.condense.derivations`): cached token streams from older rules are then ignored.
LEMMA_RULES_VERSION = "28"  # 5: keberlanjutan, selanjutnya, pengusaha, kekurangan, pelembagaan, mudah-mudahan; 6: terbuka, kekuatan, ringkasan, penelitian, peluang, perawatan, pemilu, perpres, jaringan, pegawai; 7: spoken forms (colloquial); 8: memanfaatkan, kelebihan, unggulan, keahlian; 9: laporan; 10: kecamatan, kelurahan; 11: confixes of stop-list content words (diteruskan, diterusin), ketidak-…-an; 12: function words the table cuts to a content word (sebelum, selama, maupun), its slips (tahu, berikan), passives on the stop list (diberikan, diminta), aduan, terbatas, anggaran, lumayan; and a segment plainly in the other language is a piece of that language (its tokens and run index entries with it); 13: ny- as menc- before meny- (nyariin cari, nyiapin siap), telpon, the Dutch -ir verbs (dikoordinir koordinasi), English verbs with Indonesian affixes (diupload upload); 14: English words the table gives another word's lemma (media medium, taxes taxis); 15: spoken forms of content verbs on the stop list (nanya tanya, nunjuk tunjuk); 16: stop-listed words with a clitic or -kan (masalahnya masalah, jelaskan jelas); 17: well is no good, better and best are good's, worse and worst bad's; 18: balai, timbangan, bergantian; 19: sentence adverbs with -nya stay whole (soalnya, tentunya); 20: British and American spellings one lemma (english_spelling); 21: trainings train, tired tired, tyre tire; 22: keberlangsungan; 23: kebagian; 24: borrowed nouns the table lacks (loan_nouns: didigitalisasi digitalisasi, mengedukasi edukasi), menara, mental, non-standard spellings (spelling_id: ijin izin, antrian antre) and chat abbreviations (msh masih, blm belum, gk tidak), pembiayaan and perbaikan their own, pleased not please, stretched letters (rusaaak rusak); 25: perwali, perkada (acronyms, not per- + wali); 26: berkomitmen komitmen, dimonitoring monitoring, didigitalkan digital, dimaintenance maintenance; 27: ketergantungan (not tergantung 'it depends'); 28: plural nouns of the stop list (masalah-masalah masalah), a root ending like a particle under prefixes (bermasalah masalah, not bermasa), berkah not ber + -kah, two-word roots under confixes (disalahgunakan salah guna), English inflections in Indonesian text (audited audit)

# Bump when the chunk memo's rules change (`qualcode.condense.chunk_tokenizer`, which texts it
# sends to spaCy whole): token streams cached under older rules may hold a text's tokens put
# together otherwise than spaCy makes them, and are then made again.
# 2: a special case at a chunk's edge meets its neighbour as its pattern's token.
TOKEN_RULES_VERSION = "2"
