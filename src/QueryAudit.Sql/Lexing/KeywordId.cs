namespace QueryAudit.Sql.Lexing;

/// <summary>
/// Keywords that drive splitting, templating or classification; every other keyword is <see cref="Other"/>.
/// </summary>
public enum KeywordId : short
{
    /// <summary>Not a keyword.</summary>
    None = 0,

    /// <summary>A keyword with no special role in this library.</summary>
    Other,

    Alter, Analyze, And, As, Begin, Binary, By, Call, Case, Change, Check, Checksum, Commit, Create, Deallocate, Declare, Default,
    Definer, Delete, Delimiter, Desc, Describe, Do, Drop, Else, End, Event, Execute, Exists, Explain, Flush, For, From, Function,
    Global, Grant, Group, Handler, Help, If, Ignore, In, Index, Insert, Install, Into, Is, Join, Kill, Leave, Like, Limit, Load,
    Local, Lock, Loop, Not, Null, On, Optimize, Or, Order, Outfile, Dumpfile, Partition, Password, Persist, PersistOnly, Plugin,
    Prepare, Procedure, Purge, Rename, Repair, Repeat, Replace, Reset, Revoke, Role, Rollback, Row, Savepoint, Schema, Select,
    Session, Set, Show, Shutdown, Signal, Soname, Start, Stop, Table, Tables, Temporary, Then, To, Transaction, Trigger, Truncate,
    Union, Uninstall, Unlock, Update, Use, User, Using, Value, Values, View, While, With, Work, Xa, Release, Chain, Names,
    Character, Charset, Database, Databases, Unique, Fulltext, Spatial, Online, Offline, Algorithm, Sql, Security, Aggregate,
    Server, Tablespace, LogfileGroup, Resource, Instance, Where, Having, Window, Returns, Straight, Cache, Natural,
    Left, Right, Inner, Outer, Cross, StraightJoin, Lateral, Dual, Over, Recursive, Identified, Only, Read, Write, Restart,
    Import, Clone, Binlog, Cascade, Component, Replica, Slave, Master, Source, Get, Diagnostics, Undo, Redo, Trim, Delayed,
    HighPriority, Quick, Asc, Rows, Range, Interval, Escape, Key, LowPriority, References, Force, Xor, Return, When, Between,
}
