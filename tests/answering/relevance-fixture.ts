// The relevance check's knowledge base and questions: one shop's twelve articles in each of the
// four languages, and questions phrased as customers ask them (not the titles' words), each with
// the article it should find. Kept apart from the test so it can grow without touching the logic.
import type { AnswerLanguage } from '../../src/server/domain/answering';

export type FixtureArticle = { key: string; title: string; body: string; tags?: string[] };
export type FixtureQuestion = { question: string; expected: string };

export const relevanceArticles: Record<AnswerLanguage, FixtureArticle[]> = {
  en: [
    {
      key: 'hours',
      title: 'Opening hours',
      body: 'Our shop is open Monday to Friday from 9 am to 7 pm and on Saturday from 10 am to 4 pm. We are closed on Sundays and public holidays.',
    },
    {
      key: 'delivery',
      title: 'Delivery times and shipping costs',
      body: 'Orders are shipped within one working day. Delivery takes two to three days; shipping costs 4.90 euros and is free for orders over 50 euros.',
    },
    {
      key: 'returns',
      title: 'Returning an item',
      body: 'You can send an item back within 30 days of delivery. Print the return label from your account, pack the item in its original packaging and drop it at any post office.',
    },
    {
      key: 'refunds',
      title: 'Refunds',
      body: 'Once we receive the returned parcel, the money is paid back to your original payment method within five working days.',
    },
    {
      key: 'payment',
      title: 'Payment methods',
      body: 'We accept Visa, Mastercard, PayPal, Apple Pay and bank transfer. Cash on delivery is not available.',
    },
    {
      key: 'tracking',
      title: 'Tracking your order',
      body: 'When your parcel leaves the warehouse we e-mail you a tracking number. Enter it on the courier website to see where the package is.',
    },
    {
      key: 'warranty',
      title: 'Warranty and repairs',
      body: 'All electronics come with a two-year warranty. If a device breaks, contact us and we will repair or replace it free of charge.',
    },
    {
      key: 'address',
      title: 'Store address and parking',
      body: 'Our store is at 12 Market Street, next to the central station. Customer parking is free in the courtyard behind the building.',
    },
    {
      key: 'contact',
      title: 'Customer service contacts',
      body: 'Our phone number is +44 20 7946 0000: call customer service on working days from 9 am to 5 pm, or write to help@example.com.',
    },
    {
      key: 'giftcards',
      title: 'Gift cards',
      body: 'Gift vouchers are sold in the shop and online from 10 to 200 euros. They are valid for three years and can be used for any purchase.',
    },
    {
      key: 'loyalty',
      title: 'Loyalty programme and discounts',
      body: 'Members of our loyalty club collect points with every purchase and get a 10 percent discount on their birthday. Joining is free.',
    },
    {
      key: 'password',
      title: 'Account and password',
      body: 'If you forgot your password, click "Reset password" on the login page and we will e-mail you a link to choose a new one.',
    },
  ],
  ru: [
    {
      key: 'hours',
      title: 'Часы работы',
      body: 'Магазин работает с понедельника по пятницу с 9 до 19 часов, в субботу с 10 до 16. В воскресенье и праздничные дни мы закрыты.',
    },
    {
      key: 'delivery',
      title: 'Сроки и стоимость доставки',
      body: 'Заказы отправляем в течение одного рабочего дня. Доставка занимает два-три дня, стоит 4,90 евро и бесплатна для заказов от 50 евро.',
    },
    {
      key: 'returns',
      title: 'Возврат товара',
      body: 'Вернуть товар можно в течение 30 дней после получения. Распечатайте этикетку в личном кабинете, упакуйте вещь в оригинальную упаковку и сдайте на почту.',
    },
    {
      key: 'refunds',
      title: 'Возврат денег',
      body: 'Когда мы получим посылку, деньги вернутся на карту или счёт, с которого вы платили, в течение пяти рабочих дней.',
    },
    {
      key: 'payment',
      title: 'Способы оплаты',
      body: 'Мы принимаем карты Visa и Mastercard, PayPal, Apple Pay и банковский перевод. Оплата наличными курьеру невозможна.',
    },
    {
      key: 'tracking',
      title: 'Отслеживание заказа',
      body: 'Когда посылка покидает склад, мы присылаем трек-номер на электронную почту. По нему на сайте курьерской службы видно, где находится посылка.',
    },
    {
      key: 'warranty',
      title: 'Гарантия и ремонт',
      body: 'На всю электронику действует гарантия два года. Если устройство сломалось, свяжитесь с нами, и мы бесплатно отремонтируем или заменим его.',
    },
    {
      key: 'address',
      title: 'Адрес магазина и парковка',
      body: 'Магазин находится на Рыночной улице, 12, рядом с центральным вокзалом. Бесплатная парковка для покупателей во дворе за зданием.',
    },
    {
      key: 'contact',
      title: 'Связь со службой поддержки',
      body: 'Служба поддержки отвечает по телефону +7 495 000 00 00 и по электронной почте help@example.com в рабочие дни.',
    },
    {
      key: 'giftcards',
      title: 'Подарочные сертификаты',
      body: 'Подарочные сертификаты номиналом от 10 до 200 евро продаются в магазине и на сайте. Они действуют три года.',
    },
    {
      key: 'loyalty',
      title: 'Программа лояльности и скидки',
      body: 'Участники клуба постоянных покупателей копят баллы за каждую покупку и получают скидку 10 процентов в день рождения. Вступление бесплатное.',
    },
    {
      key: 'password',
      title: 'Личный кабинет и пароль',
      body: 'Если вы забыли пароль, нажмите «Сбросить пароль» на странице входа, и мы пришлём ссылку для создания нового.',
    },
  ],
  uk: [
    {
      key: 'hours',
      title: 'Години роботи',
      body: 'Магазин працює з понеділка по пʼятницю з 9 до 19 години, у суботу з 10 до 16. У неділю та святкові дні ми зачинені.',
    },
    {
      key: 'delivery',
      title: 'Терміни та вартість доставки',
      body: 'Замовлення відправляємо протягом одного робочого дня. Доставка триває два-три дні, коштує 4,90 євро і безкоштовна для замовлень від 50 євро.',
    },
    {
      key: 'returns',
      title: 'Повернення товару',
      body: 'Повернути товар можна протягом 30 днів після отримання. Роздрукуйте етикетку в особистому кабінеті, запакуйте річ в оригінальне пакування та віднесіть на пошту.',
    },
    {
      key: 'refunds',
      title: 'Повернення коштів',
      body: 'Щойно ми отримаємо посилку, гроші повернуться на картку або рахунок, з якого ви платили, протягом пʼяти робочих днів.',
    },
    {
      key: 'payment',
      title: 'Способи оплати',
      body: 'Ми приймаємо картки Visa та Mastercard, PayPal, Apple Pay і банківський переказ. Оплата готівкою курʼєру неможлива.',
    },
    {
      key: 'tracking',
      title: 'Відстеження замовлення',
      body: 'Коли посилка залишає склад, ми надсилаємо трек-номер на електронну пошту. За ним на сайті курʼєрської служби видно, де зараз посилка.',
    },
    {
      key: 'warranty',
      title: 'Гарантія та ремонт',
      body: 'На всю електроніку діє гарантія два роки. Якщо пристрій зламався, звʼяжіться з нами, і ми безкоштовно відремонтуємо або замінимо його.',
    },
    {
      key: 'address',
      title: 'Адреса магазину та паркування',
      body: 'Магазин розташований на Ринковій вулиці, 12, поруч із центральним вокзалом. Безкоштовне паркування для покупців у дворі за будівлею.',
    },
    {
      key: 'contact',
      title: 'Звʼязок зі службою підтримки',
      body: 'Служба підтримки відповідає за телефоном +380 44 000 00 00 та електронною поштою help@example.com у робочі дні.',
    },
    {
      key: 'giftcards',
      title: 'Подарункові сертифікати',
      body: 'Подарункові сертифікати номіналом від 10 до 200 євро продаються в магазині та на сайті. Вони дійсні три роки.',
    },
    {
      key: 'loyalty',
      title: 'Програма лояльності та знижки',
      body: 'Учасники клубу постійних покупців накопичують бали за кожну покупку й отримують знижку 10 відсотків у день народження. Вступ безкоштовний.',
    },
    {
      key: 'password',
      title: 'Особистий кабінет і пароль',
      body: 'Якщо ви забули пароль, натисніть «Скинути пароль» на сторінці входу, і ми надішлемо посилання, щоб створити новий.',
    },
  ],
  sk: [
    {
      key: 'hours',
      title: 'Otváracie hodiny',
      body: 'Predajňa je otvorená od pondelka do piatku od 9 do 19 hodín a v sobotu od 10 do 16. V nedeľu a počas sviatkov máme zatvorené.',
    },
    {
      key: 'delivery',
      title: 'Doba a cena doručenia',
      body: 'Objednávky odosielame do jedného pracovného dňa. Doručenie trvá dva až tri dni, stojí 4,90 eura a pri objednávke nad 50 eur je zadarmo.',
    },
    {
      key: 'returns',
      title: 'Vrátenie tovaru',
      body: 'Tovar môžete vrátiť do 30 dní od prevzatia. Vytlačte si štítok vo svojom účte, zabaľte vec do pôvodného obalu a odovzdajte ju na pošte.',
    },
    {
      key: 'refunds',
      title: 'Vrátenie peňazí',
      body: 'Keď balík dostaneme, peniaze vám vrátime na kartu alebo účet, z ktorého ste platili, do piatich pracovných dní.',
    },
    {
      key: 'payment',
      title: 'Spôsoby platby',
      body: 'Prijímame karty Visa a Mastercard, PayPal, Apple Pay a bankový prevod. Platba v hotovosti kuriérovi nie je možná.',
    },
    {
      key: 'tracking',
      title: 'Sledovanie zásielky',
      body: 'Keď balík opustí sklad, pošleme vám e-mailom sledovacie číslo. Podľa neho na stránke kuriérskej služby uvidíte, kde sa zásielka nachádza.',
    },
    {
      key: 'warranty',
      title: 'Záruka a opravy',
      body: 'Na všetku elektroniku poskytujeme dvojročnú záruku. Ak sa zariadenie pokazí, kontaktujte nás a bezplatne ho opravíme alebo vymeníme.',
    },
    {
      key: 'address',
      title: 'Adresa predajne a parkovanie',
      body: 'Predajňa sa nachádza na Trhovej ulici 12, vedľa hlavnej stanice. Parkovanie pre zákazníkov je zadarmo na dvore za budovou.',
    },
    {
      key: 'contact',
      title: 'Kontakt na zákaznícku podporu',
      body: 'Zákaznícka podpora je k dispozícii na telefóne +421 2 0000 0000 a e-mailom na help@example.com v pracovné dni.',
    },
    {
      key: 'giftcards',
      title: 'Darčekové poukážky',
      body: 'Darčekové poukážky v hodnote od 10 do 200 eur predávame v predajni aj online. Platia tri roky.',
    },
    {
      key: 'loyalty',
      title: 'Vernostný program a zľavy',
      body: 'Členovia vernostného klubu zbierajú body za každý nákup a na narodeniny dostanú zľavu 10 percent. Členstvo je bezplatné.',
    },
    {
      key: 'password',
      title: 'Účet a heslo',
      body: 'Ak ste zabudli heslo, kliknite na „Obnoviť heslo“ na prihlasovacej stránke a pošleme vám odkaz na vytvorenie nového.',
    },
  ],
};

export const relevanceQuestions: Record<AnswerLanguage, FixtureQuestion[]> = {
  en: [
    { question: 'Are you open on Saturday?', expected: 'hours' },
    { question: 'How much do you charge to ship my order?', expected: 'delivery' },
    { question: 'The shoes do not fit, can I send them back?', expected: 'returns' },
    { question: 'When will I get my money back?', expected: 'refunds' },
    { question: 'Can I pay with PayPal?', expected: 'payment' },
    { question: 'Where is my package right now?', expected: 'tracking' },
    {
      question: 'My headphones stopped working after a year, will you fix them?',
      expected: 'warranty',
    },
    { question: 'Where can I park my car when I visit the store?', expected: 'address' },
    { question: 'What number can I call to speak to someone?', expected: 'contact' },
    { question: 'I want to buy a voucher as a present for my sister', expected: 'giftcards' },
    { question: 'Do you give a discount on my birthday?', expected: 'loyalty' },
    { question: 'I cannot log in, I forgot my password', expected: 'password' },
  ],
  ru: [
    { question: 'Вы работаете в субботу?', expected: 'hours' },
    { question: 'Сколько стоит доставить мой заказ?', expected: 'delivery' },
    { question: 'Куртка не подошла, можно её вернуть?', expected: 'returns' },
    { question: 'Когда мне вернут деньги?', expected: 'refunds' },
    { question: 'Можно заплатить через PayPal?', expected: 'payment' },
    { question: 'Где сейчас моя посылка?', expected: 'tracking' },
    { question: 'Наушники сломались через год, вы их почините?', expected: 'warranty' },
    { question: 'Где можно поставить машину, когда приеду в магазин?', expected: 'address' },
    { question: 'По какому телефону можно позвонить в поддержку?', expected: 'contact' },
    { question: 'Хочу купить сертификат в подарок сестре', expected: 'giftcards' },
    { question: 'Есть ли скидка на день рождения?', expected: 'loyalty' },
    { question: 'Не могу войти, забыл пароль', expected: 'password' },
  ],
  uk: [
    { question: 'Ви працюєте в суботу?', expected: 'hours' },
    { question: 'Скільки коштує доставити моє замовлення?', expected: 'delivery' },
    { question: 'Куртка не підійшла, чи можна її повернути?', expected: 'returns' },
    { question: 'Коли мені повернуть гроші?', expected: 'refunds' },
    { question: 'Чи можна заплатити через PayPal?', expected: 'payment' },
    { question: 'Де зараз моя посилка?', expected: 'tracking' },
    { question: 'Навушники зламалися через рік, ви їх полагодите?', expected: 'warranty' },
    { question: 'Де можна залишити машину, коли приїду до магазину?', expected: 'address' },
    { question: 'За яким телефоном можна подзвонити в підтримку?', expected: 'contact' },
    { question: 'Хочу купити сертифікат у подарунок сестрі', expected: 'giftcards' },
    { question: 'Чи є знижка на день народження?', expected: 'loyalty' },
    { question: 'Не можу увійти, забув пароль', expected: 'password' },
  ],
  sk: [
    { question: 'Máte otvorené aj v sobotu?', expected: 'hours' },
    { question: 'Koľko zaplatím za doručenie objednávky?', expected: 'delivery' },
    { question: 'Topánky mi nesedia, môžem ich poslať späť?', expected: 'returns' },
    { question: 'Kedy mi vrátite peniaze?', expected: 'refunds' },
    { question: 'Dá sa platiť cez PayPal?', expected: 'payment' },
    { question: 'Kde je teraz môj balík?', expected: 'tracking' },
    { question: 'Slúchadlá sa mi po roku pokazili, opravíte mi ich?', expected: 'warranty' },
    { question: 'Kde môžem zaparkovať auto, keď prídem do predajne?', expected: 'address' },
    { question: 'Na aké číslo môžem zavolať podpore?', expected: 'contact' },
    { question: 'Chcem kúpiť poukážku ako darček pre sestru', expected: 'giftcards' },
    { question: 'Dostanem zľavu na narodeniny?', expected: 'loyalty' },
    { question: 'Neviem sa prihlásiť, zabudol som heslo', expected: 'password' },
  ],
};
