import {
  AtSign, Bookmark, ChartBar, Compass, Heart, MessageSquarePlus, MessagesSquare, Plus,
  Bell, Check, ChevronDown, Clock, ChevronLeft, ChevronRight, Circle, Download, File, Hash, Image, Lock, LogOut, Maximize, Menu,
  Mic, MicOff, Minimize, Paperclip, Pencil, Phone, PhoneOff, Pin, Reply, RotateCcw, ScreenShare, Search, SendHorizontal,
  SlidersHorizontal, Smile, Sparkles, SunMoon, Trash2, User, UserPlus, Users, Video, VideoOff, X, type LucideIcon,
  Ellipsis, Star,
} from "lucide-react";

/**
 * The app's icons, from Lucide (lucide-react: SVG elements created by React, so the CSP allows them), by the names
 * the app uses. Always decorative: the button or link around an icon carries the accessible name.
 */
const ICONS = {
  user: User,
  theme: SunMoon,
  signOut: LogOut,
  menu: Menu,
  search: Search,
  smile: Smile,
  reply: Reply,
  edit: Pencil,
  trash: Trash2,
  send: SendHorizontal,
  close: X,
  paperclip: Paperclip,
  mic: Mic,
  download: Download,
  file: File,
  chevronLeft: ChevronLeft,
  chevronRight: ChevronRight,
  chevronDown: ChevronDown,
  retry: RotateCcw,
  settings: SlidersHorizontal,
  userPlus: UserPlus,
  users: Users,
  bell: Bell,
  image: Image,
  lock: Lock,
  hash: Hash,
  check: Check,
  dot: Circle,
  // The sidebar's actions.
  browse: Compass,
  plus: Plus,
  newMessage: MessageSquarePlus,
  heart: Heart,
  atSign: AtSign,
  bookmark: Bookmark,
  // Pins (issue 21).
  pin: Pin,
  // Calls (issue 19).
  phone: Phone,
  phoneOff: PhoneOff,
  video: Video,
  videoOff: VideoOff,
  micOff: MicOff,
  screen: ScreenShare,
  maximize: Maximize,
  minimize: Minimize,
  // Threads (issue 21).
  thread: MessagesSquare,
  // Polls (issue 21).
  poll: ChartBar,
  // Custom emoji (issue 21): the picker's Custom tab.
  sparkles: Sparkles,
  // Scheduled messages (issue 21).
  clock: Clock,
  // Sidebar sections and favourites (issue 21).
  more: Ellipsis,
  star: Star,
} satisfies Record<string, LucideIcon>;

export type IconName = keyof typeof ICONS;

export function Icon({ name, size = 18 }: { name: IconName; size?: number }) {
  const Glyph = ICONS[name];
  return <Glyph size={size} strokeWidth={1.8} aria-hidden="true" focusable="false" className="icon" />;
}
